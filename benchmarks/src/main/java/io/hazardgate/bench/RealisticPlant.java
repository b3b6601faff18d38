package io.hazardgate.bench;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.site.Site;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated site where every sensor carries the realistic rule set of the hot-path goal: threshold
 * limits with a deadband, a trend rule (least-squares rate over a window), no-data against its period,
 * and fault detection (instrument range, quality, NaN). Types rotate through gas, tank level,
 * temperature, pressure, GNSS displacement and phreatic line; one logger per 50 sensors.
 */
final class RealisticPlant {
    static final String[] TYPES = {"combustible_gas", "tank_level", "temperature", "pressure", "surface_displacement", "phreatic_line"};

    private RealisticPlant() {}

    /** The normal value of sensor {@code i}, well inside its limits. */
    static double normal(int i) {
        return switch (i % TYPES.length) {
            case 0 -> 5;
            case 1 -> 10;
            case 2 -> 25;
            case 3 -> 1;
            case 4 -> 10;
            default -> 12;
        };
    }

    static String tag(int i) { return "P-" + i; }

    static String device(int i) { return "dtu-" + (i / 50); }

    static Site site(int sensors) {
        StringBuilder y = new StringBuilder(200 * sensors);
        y.append("site: plant\nhazardSources: [{id: A, responsible: {principal: P, technical: T, operational: O}}, {id: D, kind: tailings_dam}]\n");
        y.append("devices:\n");
        for (int d = 0; d <= (sensors - 1) / 50; d++) y.append("  - {id: dtu-").append(d).append("}\n");
        y.append("sensors:\n");
        for (int i = 0; i < sensors; i++) {
            String type = TYPES[i % TYPES.length];
            y.append("  - {tag: ").append(tag(i)).append(", device: ").append(device(i)).append(", type: ").append(type);
            switch (type) {
                case "combustible_gas" -> y.append(", source: A, range: [0, 100], trends: {rate: {window: 10m, per: 1m, limits: {red: 10}}}");
                case "tank_level" -> y.append(", source: A, range: [0, 20], limits: {L: 2, LL: 1, H: 16, HH: 18},"
                        + " trends: {rate: {window: 1h, limits: {yellow: 2, red: 4}}}");
                case "temperature" -> y.append(", source: A, range: [-40, 120], limits: {H: 45, HH: 60},"
                        + " trends: {rate: {window: 1h, limits: {yellow: 10}}}");
                case "pressure" -> y.append(", source: A, range: [0, 10], limits: {H: 2, HH: 2.5},"
                        + " trends: {rate: {window: 1h, limits: {yellow: 1}}}");
                case "surface_displacement" -> y.append(", source: D, period: 10m, range: [0, 1000], limits: {blue: 20, yellow: 40, orange: 60, red: 80},"
                        + " trends: {rate: {window: 24h, limits: {yellow: 5, red: 20}}}");
                default -> y.append(", source: D, period: 10m, range: [0, 30], limits: {blue: 8, yellow: 6, red: 4},"
                        + " trends: {rate: {window: 24h, direction: low, limits: {yellow: -1}}}");
            }
            y.append("}\n");
        }
        try {
            Path f = Files.createTempFile("plant", ".yaml");
            try {
                Files.writeString(f, y);
                return ConfigLoader.loadSite(f);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
