package io.hazardgate.southbound.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.Gateway;
import io.hazardgate.southbound.SouthboundGateway;
import io.hazardgate.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device's address and mapping change live: the gateway leaves the old server and subscribes to the
 * new node on the new one without a restart. The gateway file's southbound listener settings do not
 * reopen while it runs, and {@code /ready} says which changed fields wait for the next start.
 */
class OpcUaReloadTest {
    @TempDir Path dir;

    static String site(OpcUaTestServer plc, String node) {
        return """
                site: sb
                hazardSources: [{id: TF1, kind: major_hazard}]
                devices:
                  - id: dcs
                    opcua:
                      endpoint: %s
                      security: {policy: None}
                      publishingInterval: 100ms
                      reconnectMax: 1s
                      points:
                        - {tag: GT-301, node: "ns=%d;s=%s", sampling: 50ms}
                sensors:
                  - {tag: GT-301, source: TF1, device: dcs, type: combustible_gas, period: 1s}
                """.formatted(plc.endpoint(), plc.ns(), node);
    }

    @Test
    void aDevicesAddressAndMappingApplyLiveAndAChangedListenerWaitsForARestartOnReady() throws Exception {
        try (OpcUaTestServer first = OpcUaTestServer.start(null, null, "GT301");
             OpcUaTestServer second = OpcUaTestServer.start(null, null, "Gas.Detector4")) {
            first.set("GT301", 1);
            second.set("Gas.Detector4", 2);
            try (Gateway gw = SouthboundGateway.start(dir, site(first, "GT301"), "")) {
                assertEquals(1.0, OpcUaSubscriptionTest.latest(gw, "GT-301", v -> true), 1e-9);

                Files.writeString(dir.resolve("site.yaml"), site(second, "Gas.Detector4"));
                assertEquals(2.0, OpcUaSubscriptionTest.latest(gw, "GT-301", v -> v == 2), 1e-9,
                        "the new endpoint and node apply without a restart");
                first.set("GT301", 9);
                second.set("Gas.Detector4", 3);
                assertEquals(3.0, OpcUaSubscriptionTest.latest(gw, "GT-301", v -> v != 2), 1e-9,
                        "the old server's node is no longer read (its 9 would come first otherwise)");

                String ready = Http.get("http://127.0.0.1:" + gw.httpPort() + "/ready").body();
                assertTrue(!ready.contains("southbound.hj212"), ready);
                SouthboundGateway.write(dir, site(second, "Gas.Detector4"), "southbound: {hj212: {port: 0}}\n");
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (!(ready = Http.get("http://127.0.0.1:" + gw.httpPort() + "/ready").body()).contains("southbound.hj212.enabled")) {
                    if (System.nanoTime() > deadline) throw new AssertionError("/ready does not say the HJ 212 listener waits: " + ready);
                    Thread.sleep(50);
                }
                assertEquals(-1, gw.hj212Port(), "the listener is not opened while the gateway runs");
            }
        }
    }
}
