package io.hazardgate.testing;

import io.hazardgate.Gateway;
import io.hazardgate.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Clock;

/** The real gateway in this JVM on the shipped config, every port 0, files in a temp dir. */
public final class TestGateway {
    private TestGateway() {}

    /** The shipped config with every port 0 and its files in {@code dataDir}, to adjust before starting. */
    public static GatewayConfig config(Path dataDir) {
        return Configs.gateway().withMqttPort(0).withHttpPort(0).withStorePort(0).withDataDir(dataDir);
    }

    public static Gateway start(Path dataDir) throws Exception {
        return Gateway.start(config(dataDir), Clock.systemUTC());
    }
}
