/**
 * Recurring schedules: {@link io.fourfold.schedule.Schedule} (a cron expression or a fixed interval in a time zone,
 * and the task to submit at each due time) and {@link io.fourfold.schedule.TaskSchedules}, the SPI each backend
 * implements so that every due time is claimed once, whatever the number of processes firing.
 */
@NullMarked
package io.fourfold.schedule;

import org.jspecify.annotations.NullMarked;
