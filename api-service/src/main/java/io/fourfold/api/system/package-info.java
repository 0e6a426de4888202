/**
 * What every endpoint shares: the {@code fourfold.api.*} settings, request-body limits and codecs, the caller's
 * identity, the OpenAPI document, and the one place where errors become {@code application/problem+json}.
 */
@NullMarked
package io.fourfold.api.system;

import org.jspecify.annotations.NullMarked;
