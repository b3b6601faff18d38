/**
 * From log records to an uplink's messages: the points it reports with their platform codes
 * ({@link io.hazardgate.uplink.feed.PointCatalog}), which readings go ({@code Sampler}), how they gather
 * into real-time, history and alarm messages in log order ({@link io.hazardgate.uplink.feed.Batcher}),
 * basic data and statistics messages, and the values each offers its template
 * ({@link io.hazardgate.uplink.feed.Values}). May use {@code uplink.template}, {@code uplink.stats},
 * {@code record} and {@code config}.
 */
package io.hazardgate.uplink.feed;
