package io.hazardgate.simulator.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.simulator.inject.PointEffect;
import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.testing.Broker;
import io.hazardgate.simulator.testing.Collector;
import io.hazardgate.simulator.testing.Sites;
import io.hazardgate.simulator.time.TimeBase;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker that stops acknowledging for a while costs the plant time, never readings. */
abstract class StalledBrokerTest {
    private static final long ORIGIN = 1_795_000_000_000L;

    @TempDir
    Path dir;

    /** Starts the broker under test in {@code dir}. */
    abstract Broker startBroker(Path dir) throws Exception;

    @Test
    void aLoggerWaitsForItsWindowWhileTheBrokerIsFrozenAndLosesNothing() throws Exception {
        try (Broker broker = startBroker(dir);
             Collector sub = new Collector(broker.url(), "plant/demo/+/telemetry")) {
            Plant plant = Plant.build(List.of(Sites.demo()), 1, ORIGIN, ZoneOffset.UTC).only(Set.of("dtu-tf1"));
            try (MqttPlantLink link = MqttPlantLink.connect(plant, new BrokerSettings(broker.url(), null, null), 1)) {
                PlantPlayer player = new PlantPlayer(plant, PointEffect.NONE, new TimeBase(ORIGIN, 1), link);
                // Three windows' worth of messages (a 10 s point: 6 a minute) while the broker is frozen.
                Thread publisher = new Thread(() -> player.advanceTo(ORIGIN + 50 * 60_000L));
                broker.freezeWhile(publisher, 1_000);
                link.awaitDelivered(30_000);

                assertEquals(301, player.batchesSent());
                assertEquals(0, link.failed(), "no message given up");
                assertEquals(301, link.delivered(), "every message acknowledged once the broker woke up");
                assertEquals(301, sub.awaitCount(301, 30), "and relayed");
            }
        }
    }
}
