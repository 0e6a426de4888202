/**
 * Operating the platform: the known task types (registered by workers or declared in configuration) and who
 * serves them.
 */
@NullMarked
package io.fourfold.api.operations;

import org.jspecify.annotations.NullMarked;
