/**
 * The plant as the hot path sees it: every configured sensor of every site under a dense id, the tag
 * table that finds a sensor from a tag's bytes, and which alarm shard owns each sensor
 * ({@link io.hazardgate.plant.SensorIndex}). Built from the sites of {@code config}; may use
 * {@code config} and {@code record}.
 */
package io.hazardgate.plant;
