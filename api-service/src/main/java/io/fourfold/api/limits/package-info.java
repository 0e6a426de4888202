/** Limits per task type over HTTP ({@code /api/limits}), and their metrics. */
@NullMarked
package io.fourfold.api.limits;

import org.jspecify.annotations.NullMarked;
