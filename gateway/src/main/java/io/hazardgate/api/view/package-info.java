/**
 * The control room's live views, each on its own thread and never slowing ingest: every sensor's
 * latest reading and last hour ({@link io.hazardgate.api.view.LiveReadings}) and the alarm board
 * ({@link io.hazardgate.api.view.AlarmBoard}). May use {@code alarm.delivery}, {@code plant},
 * {@code record} and {@code config}.
 */
package io.hazardgate.api.view;
