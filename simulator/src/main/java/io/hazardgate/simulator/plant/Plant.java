package io.hazardgate.simulator.plant;

import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.signal.Seeds;
import io.hazardgate.simulator.signal.SignalModels;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The data loggers of one or more sites, built from the gateway's site configuration: each device
 * plays the sensors configured with it. Sensors configured without a device have no logger to send
 * them and are listed in {@link #unplayed()}.
 */
public record Plant(List<DeviceLogger> loggers, List<String> unplayed) {
    public Plant {
        loggers = List.copyOf(loggers);
        unplayed = List.copyOf(unplayed);
    }

    /**
     * @param seed         the run's seed; each point's signal derives its own from it
     * @param originMillis plant time of the first sample, taken by every point at once (a logger's
     *                     first message after power-up carries all its points)
     */
    public static Plant build(List<Site> sites, long seed, long originMillis, ZoneId zone) {
        List<DeviceLogger> loggers = new ArrayList<>();
        List<String> unplayed = new ArrayList<>();
        for (Site site : sites) {
            for (Device d : site.devices()) {
                List<PlayedPoint> points = new ArrayList<>();
                for (Sensor s : site.sensors()) {
                    if (!s.device().equals(d.id())) continue;
                    long pointSeed = Seeds.forPoint(seed, site.id(), s.tag());
                    points.add(new PlayedPoint(s, SignalModels.forSensor(s, pointSeed, originMillis, zone), originMillis));
                }
                if (!points.isEmpty()) loggers.add(new DeviceLogger(site.id(), d.id(), points));
            }
            for (Sensor s : site.sensors()) {
                // a derived point (the freeboard from the water level) is computed by the gateway, not sent
                if (s.device().isEmpty() && !s.derived()) unplayed.add(site.id() + "/" + s.tag());
            }
        }
        return new Plant(loggers, unplayed);
    }

    /**
     * The same plant with only the loggers named (as {@code device} or {@code site/device}); an empty
     * set keeps them all.
     */
    public Plant only(Set<String> devices) {
        if (devices.isEmpty()) return this;
        List<DeviceLogger> kept = loggers.stream()
                .filter(l -> devices.contains(l.device()) || devices.contains(l.site() + "/" + l.device())).toList();
        return new Plant(kept, unplayed);
    }

    public boolean hasDevice(String site, String device) {
        for (DeviceLogger l : loggers) {
            if ((site == null || l.site().equals(site)) && l.device().equals(device)) return true;
        }
        return false;
    }

    public boolean hasTag(String site, String tag) {
        for (DeviceLogger l : loggers) {
            if ((site == null || l.site().equals(site)) && l.tags().contains(tag)) return true;
        }
        return false;
    }

    public int pointCount() {
        return loggers.stream().mapToInt(l -> l.tags().size()).sum();
    }
}
