/**
 * What the api publishes to Prometheus beyond Boot's own metrics: the figures of every queue and the live workers,
 * read from the backend on a schedule (never per scrape).
 */
@NullMarked
package io.fourfold.api.metrics;

import org.jspecify.annotations.NullMarked;
