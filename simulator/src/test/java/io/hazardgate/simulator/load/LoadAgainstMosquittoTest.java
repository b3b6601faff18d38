package io.hazardgate.simulator.load;

import io.hazardgate.simulator.testing.Broker;
import io.hazardgate.simulator.testing.Mosquitto;
import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.Needs;
import java.nio.file.Path;

/** Load mode against Debian's Mosquitto, the reference broker. */
@Needs(ExternalProgram.MOSQUITTO)
class LoadAgainstMosquittoTest extends LoadAgainstBrokerTest {
    @Override
    Broker startBroker(Path dir) throws Exception {
        return Mosquitto.start(dir);
    }
}
