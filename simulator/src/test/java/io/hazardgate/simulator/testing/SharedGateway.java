package io.hazardgate.simulator.testing;

import io.hazardgate.simulator.load.LoadNaming;
import io.hazardgate.simulator.load.LoadSiteWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real gateway on the wall clock, shared by the test classes that ask for an
 * {@link InProcessGateway} parameter, started on first use and closed when the whole run ends: each
 * start costs seconds (the embedded QuestDB), and these tests leave the plant's alarms cleared. It plays
 * the demo plant and a small load site ({@value #LOAD_DEVICES} devices of {@value #LOAD_POINTS} points,
 * the naming of {@link LoadNaming}'s defaults).
 */
public final class SharedGateway implements ParameterResolver {
    public static final int LOAD_DEVICES = 4;
    public static final int LOAD_POINTS = 20;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedGateway.class);

    /** The gateway and the directory it keeps its files in, removed when it closes. */
    private record Running(InProcessGateway gateway, Path dir) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            gateway.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == InProcessGateway.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> start(), Running.class).gateway();
    }

    private static Running start() {
        try {
            Path dir = Files.createTempDirectory("shared-gateway");
            Path site = dir.resolve("load-site.yaml");
            try (Writer w = Files.newBufferedWriter(site, StandardCharsets.UTF_8)) {
                LoadSiteWriter.write(w, new LoadNaming(LoadNaming.DEFAULT_SITE, LoadNaming.DEFAULT_TAG_PREFIX), LOAD_DEVICES, LOAD_POINTS,
                        Duration.ofMinutes(10));
            }
            return new Running(InProcessGateway.start(dir, Clock.systemUTC(), site), dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the shared gateway", e);
        }
    }
}
