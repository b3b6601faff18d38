package io.hazardgate.simulator.load;

import io.hazardgate.simulator.testing.Broker;
import io.hazardgate.simulator.testing.Moquette;
import java.nio.file.Path;

/** Load mode against Moquette, a broker Maven brings: runs on every machine. */
class LoadAgainstMoquetteTest extends LoadAgainstBrokerTest {
    @Override
    Broker startBroker(Path dir) throws Exception {
        return Moquette.start(dir);
    }
}
