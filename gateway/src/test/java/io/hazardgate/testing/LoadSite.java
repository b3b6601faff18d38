package io.hazardgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A gateway configuration for load and reliability tests, written to files as an operator would: site
 * {@code load} with devices {@code d00001..} and points {@code L00001-001..}, each a generic point
 * that never alarms at the values tests send, and a store section given by the test.
 */
public final class LoadSite {
    public static final String SITE = "load";

    private LoadSite() {}

    /** Device {@code i} (0-based). */
    public static String device(int i) { return String.format("d%05d", i + 1); }

    /** Point {@code j} (0-based) of device {@code i}. */
    public static String tag(int i, int j) { return String.format("L%05d-%03d", i + 1, j + 1); }

    public static String topic(int i) { return "plant/" + SITE + "/" + device(i) + "/telemetry"; }

    /**
     * Writes {@code load-site.yaml} and {@code gateway.yaml} into {@code dir} and returns the latter.
     *
     * @param store the {@code store:} section, indented by two spaces, e.g. {@link #embeddedStore}
     */
    public static Path write(Path dir, int devices, int pointsPerDevice, String store) throws IOException {
        return write(dir, devices, pointsPerDevice, store, "");
    }

    /**
     * As {@link #write(Path, int, int, String)}, with platform codes (enterprise {@code LOAD-E}, hazard
     * source {@code LOAD-H}, each point coded by its tag) and {@code more} appended to gateway.yaml (an
     * {@code uplinks:} section).
     */
    public static Path write(Path dir, int devices, int pointsPerDevice, String store, String more) throws IOException {
        boolean coded = !more.isEmpty();
        StringBuilder site = new StringBuilder("site: " + SITE + "\nname: Load test site\n")
                .append(coded ? "enterprise: {code: LOAD-E}\n" : "")
                .append("hazardSources:\n  - {id: LOAD, name: Load test points, kind: major_hazard, grade: 4")
                .append(coded ? ", code: LOAD-H}\n" : "}\n")
                .append("devices:\n");
        for (int i = 0; i < devices; i++) site.append("  - {id: ").append(device(i)).append("}\n");
        site.append("sensors:\n");
        for (int i = 0; i < devices; i++) {
            for (int j = 0; j < pointsPerDevice; j++) {
                site.append("  - {tag: ").append(tag(i, j)).append(", source: LOAD, device: ").append(device(i))
                        .append(coded ? ", code: " + tag(i, j) : "")
                        .append(", type: generic, period: 1h, range: [0, 100], ")
                        .append("thresholds: [{name: H, direction: high, level: 2, value: 90}]}\n");
            }
        }
        Files.writeString(dir.resolve("load-site.yaml"), site, StandardCharsets.UTF_8);
        Path gateway = dir.resolve("gateway.yaml");
        Files.writeString(gateway, """
                mqtt: {host: 127.0.0.1, port: 0}
                http: {host: 127.0.0.1, port: 0}
                store:
                %s
                dataDir: data
                sites:
                  - load-site.yaml
                %s""".formatted(store.stripTrailing(), more), StandardCharsets.UTF_8);
        return gateway;
    }

    /** The embedded QuestDB, with a log of {@code logMaxSize} (e.g. {@code 8GB}). */
    public static String embeddedStore(String logMaxSize) {
        return "  kind: questdb-embedded\n  embedded: {host: 127.0.0.1, port: 0}\n  log: {maxSize: " + logMaxSize + "}\n";
    }

    /** An external InfluxDB-protocol store at {@code url} (VictoriaMetrics in tests). */
    public static String externalStore(String url, String logMaxSize) {
        return "  kind: influxdb\n  url: " + url + "\n  log: {maxSize: " + logMaxSize + "}\n";
    }
}
