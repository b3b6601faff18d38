package io.hazardgate.simulator.sparkplug;

import io.hazardgate.simulator.testing.Broker;
import io.hazardgate.simulator.testing.Moquette;
import java.nio.file.Path;

/** Sparkplug B edge nodes on Moquette, a broker Maven brings. */
class SparkplugThroughMoquetteTest extends SparkplugThroughBrokerTest {
    @Override
    Broker startBroker(Path dir) throws Exception {
        return Moquette.start(dir);
    }
}
