package io.hazardgate.simulator.cli;

import java.nio.file.Path;

/**
 * Where the shipped configuration is: {@code config/} under the installation the launcher names with
 * {@code -Dhazardgate.home}, else under the working directory.
 */
public final class Defaults {
    public static final String HOME_PROPERTY = "hazardgate.home";

    private Defaults() {}

    public static Path configDir() {
        String home = System.getProperty(HOME_PROPERTY);
        return home == null ? Path.of("config") : Path.of(home, "config");
    }

    public static Path gatewayConfig() {
        return configDir().resolve("gateway.yaml");
    }
}
