/**
 * The configured plant: {@link io.hazardgate.config.site.Site} with its data loggers, hazard sources
 * (grade, kind, responsible persons) and {@link io.hazardgate.config.site.Sensor}s. Immutable records,
 * validated by the loaders of {@code config}; may use {@code config.rules}.
 */
package io.hazardgate.config.site;
