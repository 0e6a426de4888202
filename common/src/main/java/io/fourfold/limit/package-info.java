/** Limits per task type across every worker: how many run at once, and how many start per period. */
@NullMarked
package io.fourfold.limit;

import org.jspecify.annotations.NullMarked;
