package io.hazardgate.testing;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.config.site.Site;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped configs, found from the module directory whichever way the tests are launched. */
public final class Configs {
    private Configs() {}

    public static Path configDir() {
        for (Path p : new Path[] {Path.of("config"), Path.of("../config")}) {
            if (Files.isRegularFile(p.resolve("gateway.yaml"))) return p.toAbsolutePath().normalize();
        }
        throw new IllegalStateException("config/ not found from " + Path.of("").toAbsolutePath());
    }

    public static GatewayConfig gateway() { return ConfigLoader.load(configDir().resolve("gateway.yaml")); }

    public static Site demoPlant() { return ConfigLoader.loadSite(configDir().resolve("demo-plant.yaml")); }
}
