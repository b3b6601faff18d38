package io.hazardgate.simulator.demo;

import io.hazardgate.Gateway;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.simulator.time.PlantClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's own gateway, in this process, on the plant's clock ({@link PlantClock}): so the demo shows
 * what a sped-up plant otherwise cannot, the dam's tangent-angle and rate warnings, a rain gauge's 24 h
 * sum, silence and escalation, each when the plant's time says. Its files live in a directory of its
 * own, started afresh by every demo (a plant clock that ran days ahead leaves readings in the future of
 * the next run's), which only a demo may have made: it refuses any other.
 */
final class OwnGateway implements AutoCloseable {
    /** Marks a data directory the demo made, and so may empty. */
    static final String MARKER = ".hazardgate-demo";

    private final Gateway gateway;
    private final GatewayConfig bound;

    private OwnGateway(Gateway gateway, GatewayConfig bound) {
        this.gateway = gateway;
        this.bound = bound;
    }

    /**
     * Empties (or makes) the directory of {@code log}, the gateway's log file (open already: it stays), and
     * starts a gateway there on {@code clock}, with the given ports (0: any).
     *
     * @throws IllegalStateException with one line for the operator: the directory is not the demo's, or a port is taken
     */
    static OwnGateway start(GatewayConfig config, Path log, PlantClock clock, int mqttPort, int httpPort, int storePort) {
        Path dir = log.toAbsolutePath().getParent();
        fresh(dir, log.toAbsolutePath());
        GatewayConfig c = config.withDataDir(dir).withMqttPort(mqttPort).withHttpPort(httpPort).withStorePort(storePort);
        Gateway g;
        try {
            g = Gateway.start(c, clock);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return new OwnGateway(g, c.withMqttPort(g.mqttPort()).withHttpPort(g.httpPort()).withStorePort(g.storePort()));
    }

    private static void fresh(Path dir, Path log) {
        try {
            if (Files.isDirectory(dir)) {
                boolean empty;
                try (Stream<Path> s = Files.list(dir)) {
                    empty = s.allMatch(p -> p.equals(log));
                }
                if (!empty && !Files.exists(dir.resolve(MARKER))) {
                    throw new IllegalStateException(dir + " exists and was not made by a demo: the demo keeps its files in a directory of its own,"
                            + " which each demo starts afresh; move it aside");
                }
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        if (!p.equals(dir) && !p.equals(log)) Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "made by 'hazardgate demo', emptied by the next one\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the demo's data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The configuration with the ports actually bound. */
    GatewayConfig config() { return bound; }

    /** What the gateway prints when it starts: its ports, files and dashboard. */
    String describe() { return gateway.describe(); }

    @Override
    public void close() { gateway.close(); }
}
