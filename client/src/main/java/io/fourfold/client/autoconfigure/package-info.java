/**
 * Spring Boot auto-configuration of a {@link io.fourfold.client.FourfoldClient} bean from {@code fourfold.client.*},
 * for applications that use Boot; the client itself does not need Boot.
 */
@NullMarked
package io.fourfold.client.autoconfigure;

import org.jspecify.annotations.NullMarked;
