package io.hazardgate.simulator.sparkplug;

import io.hazardgate.simulator.testing.Broker;
import io.hazardgate.simulator.testing.Mosquitto;
import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.Needs;
import java.nio.file.Path;

/** Sparkplug B edge nodes on Debian's Mosquitto, the reference broker. */
@Needs(ExternalProgram.MOSQUITTO)
class SparkplugThroughMosquittoTest extends SparkplugThroughBrokerTest {
    @Override
    Broker startBroker(Path dir) throws Exception {
        return Mosquitto.start(dir);
    }
}
