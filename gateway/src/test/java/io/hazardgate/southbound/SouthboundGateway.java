package io.hazardgate.southbound;

import io.hazardgate.Gateway;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** A real gateway on one test site file, every port 0, its files in a temp dir; the site file may be rewritten to reload. */
public final class SouthboundGateway {
    private SouthboundGateway() {}

    /** Writes {@code gateway.yaml} (with {@code extra} top-level YAML) and {@code site.yaml} into {@code dir}. */
    public static Path write(Path dir, String siteYaml, String extra) throws Exception {
        Files.writeString(dir.resolve("site.yaml"), siteYaml);
        Path gw = dir.resolve("gateway.yaml");
        Files.writeString(gw, """
                mqtt: {host: 127.0.0.1, port: 0}
                http: {host: 127.0.0.1, port: 0}
                store: {kind: questdb-embedded, embedded: {host: 127.0.0.1, port: 0}}
                dataDir: data
                sites: [site.yaml]
                """ + extra);
        return gw;
    }

    public static Gateway start(Path dir, String siteYaml, String extra) throws Exception {
        GatewayConfig c = ConfigLoader.load(write(dir, siteYaml, extra)).withDataDir(dir.resolve("data"));
        return Gateway.start(c, Clock.systemUTC());
    }

    /** Waits until {@code /metrics} has a line starting with {@code prefix} whose value is at least {@code min}. */
    public static double awaitMetric(Gateway gw, String prefix, double min) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            double v = metric(gw, prefix);
            if (v >= min) return v;
            if (System.nanoTime() > deadline) throw new AssertionError("no '" + prefix + "' >= " + min + " in\n" + gw.meters().scrape());
            Thread.sleep(20);
        }
    }

    /** The value of the first metric line starting with {@code prefix}, or NaN. */
    public static double metric(Gateway gw, String prefix) {
        for (String line : gw.meters().scrape().split("\n")) {
            if (line.startsWith(prefix)) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return Double.NaN;
    }
}
