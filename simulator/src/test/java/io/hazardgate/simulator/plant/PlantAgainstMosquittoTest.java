package io.hazardgate.simulator.plant;

import io.hazardgate.simulator.testing.Broker;
import io.hazardgate.simulator.testing.Mosquitto;
import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.Needs;
import java.nio.file.Path;

/** The plant against Debian's Mosquitto, the reference broker. */
@Needs(ExternalProgram.MOSQUITTO)
class PlantAgainstMosquittoTest extends PlantAgainstBrokerTest {
    @Override
    Broker startBroker(Path dir) throws Exception {
        return Mosquitto.start(dir);
    }
}
