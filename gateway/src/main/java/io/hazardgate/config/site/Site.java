package io.hazardgate.config.site;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A plant or mine site: its hazard sources, data loggers and monitoring points, and the codes the
 * supervision platforms know them by ({@link PlatformCodes}).
 *
 * @param names  its name in Chinese and English; {@code name} is both in one line
 * @param layout the plant layout the control room draws its points on; null when none is given
 */
public record Site(String id, String name, List<HazardSource> hazardSources, List<Device> devices, List<Sensor> sensors,
                   Names names, SiteLayout layout, PlatformCodes codes) {

    /** A site whose name is split into its languages by {@link Names#of}, without a layout or platform codes. */
    public Site(String id, String name, List<HazardSource> hazardSources, List<Device> devices, List<Sensor> sensors) {
        this(id, name, hazardSources, devices, sensors, Names.of(name), null, PlatformCodes.none(name));
    }

    /** A site with platform codes, its name split into its languages by {@link Names#of}, without a layout. */
    public Site(String id, String name, List<HazardSource> hazardSources, List<Device> devices, List<Sensor> sensors,
                PlatformCodes codes) {
        this(id, name, hazardSources, devices, sensors, Names.of(name), null, codes);
    }

    public Map<String, Sensor> sensorsByTag() {
        return sensors.stream().collect(Collectors.toUnmodifiableMap(Sensor::tag, Function.identity()));
    }

    public HazardSource hazardSource(String id) {
        return hazardSources.stream().filter(h -> h.id().equals(id)).findFirst().orElse(null);
    }
}
