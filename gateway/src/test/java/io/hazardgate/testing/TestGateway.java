package io.hazardgate.testing;

import io.hazardgate.Gateway;
import io.hazardgate.config.GatewayConfig;
import java.nio.file.Path;
import java.time.Clock;

/** The real gateway in this JVM on the shipped config, every port 0, files in a temp dir. */
public final class TestGateway {
    private TestGateway() {}

    public static Gateway start(Path dataDir) throws Exception {
        return start(dataDir, Clock.systemUTC());
    }

    public static Gateway start(Path dataDir, Clock clock) throws Exception {
        GatewayConfig c = Configs.gateway().withMqttPort(0).withHttpPort(0).withStorePort(0).withDataDir(dataDir);
        return Gateway.start(c, clock);
    }
}
