package io.hazardgate.simulator.plant;

import io.hazardgate.simulator.testing.Broker;
import io.hazardgate.simulator.testing.Mosquitto;
import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.Needs;
import java.nio.file.Path;

/** A frozen Mosquitto, Debian's reference broker. */
@Needs(ExternalProgram.MOSQUITTO)
class StalledMosquittoTest extends StalledBrokerTest {
    @Override
    Broker startBroker(Path dir) throws Exception {
        return Mosquitto.start(dir);
    }
}
