package io.hazardgate.simulator.plant;

import io.hazardgate.simulator.testing.Broker;
import io.hazardgate.simulator.testing.Moquette;
import java.nio.file.Path;

/** The plant against Moquette, a broker Maven brings: runs on every machine. */
class PlantAgainstMoquetteTest extends PlantAgainstBrokerTest {
    @Override
    Broker startBroker(Path dir) throws Exception {
        return Moquette.start(dir);
    }
}
