package io.hazardgate.config.site;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A plant or mine site: its hazard sources, data loggers and monitoring points, and the codes the
 * supervision platforms know them by ({@link PlatformCodes}).
 */
public record Site(String id, String name, List<HazardSource> hazardSources, List<Device> devices, List<Sensor> sensors,
                   PlatformCodes codes) {

    /** A site without platform codes. */
    public Site(String id, String name, List<HazardSource> hazardSources, List<Device> devices, List<Sensor> sensors) {
        this(id, name, hazardSources, devices, sensors, PlatformCodes.none(name));
    }

    public Map<String, Sensor> sensorsByTag() {
        return sensors.stream().collect(Collectors.toUnmodifiableMap(Sensor::tag, Function.identity()));
    }

    public HazardSource hazardSource(String id) {
        return hazardSources.stream().filter(h -> h.id().equals(id)).findFirst().orElse(null);
    }
}
