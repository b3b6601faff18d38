/**
 * The configured plant: {@link io.hazardgate.config.site.Site} with its data loggers, hazard sources
 * (GB 18218 grade or dam class, assessed risk grade, a dam's design values, responsible persons) and {@link io.hazardgate.config.site.Sensor}s. Immutable records,
 * validated by the loaders of {@code config}; may use {@code config.rules}.
 */
package io.hazardgate.config.site;
