package io.hazardgate.config;

import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.PointCode;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.config.uplink.UplinkSettings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that a site an uplink reports carries the codes the platform keys its data by: the enterprise
 * code, the code of every hazard source with a reported point, and (unless the uplink reports only coded
 * points) every point's code. A missing code fails the load naming the site file and the field, because a
 * point the platform cannot place would be refused there, or silently never reported.
 */
final class UplinkCodes {
    private UplinkCodes() {}

    static void check(UplinkSettings uplink, Site site, Path siteFile) {
        String file = siteFile.toString();
        String why = "uplink '" + uplink.name() + "' reports site '" + site.id() + "'";
        if (!site.codes().enterprise().hasCode()) {
            throw new ConfigException(file, "enterprise.code", "is required: " + why + " and the platform keys it by its enterprise code");
        }
        Set<String> reportedSources = new HashSet<>();
        List<Sensor> sensors = site.sensors();
        for (int i = 0; i < sensors.size(); i++) {
            Sensor s = sensors.get(i);
            PointCode pc = site.codes().point(s.tag());
            boolean coded = pc != null && !pc.code().isEmpty();
            if (!coded && uplink.requireCodes()) {
                throw new ConfigException(file, "sensors[" + i + "].code", "is required: " + why
                        + " (or set requireCodes: false on the uplink to report only points with a code)");
            }
            if (coded) reportedSources.add(s.source());
        }
        List<HazardSource> sources = site.hazardSources();
        for (int i = 0; i < sources.size(); i++) {
            HazardSource h = sources.get(i);
            if (reportedSources.contains(h.id()) && site.codes().sourceCode(h.id()).isEmpty()) {
                throw new ConfigException(file, "hazardSources[" + i + "].code", "is required: " + why
                        + " and hazard source " + h.id() + " has reported points");
            }
        }
    }
}
