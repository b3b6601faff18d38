package io.hazardgate.uplink.feed;

import io.hazardgate.config.site.Equipment;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;

/**
 * One reported point with everything a template may say about it.
 *
 * @param sourceCode the hazard source's platform code
 * @param equipment  the equipment it belongs to, or null
 * @param code       its platform code
 * @param unit       its unit as the platform writes it
 */
public record PointInfo(Site site, Sensor sensor, HazardSource source, String sourceCode, Equipment equipment, String code,
                        String unit) {}
