package io.hazardgate.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.SimulatorMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenLoadConfigTest {
    @TempDir
    Path dir;

    @Test
    void writesASiteTheGatewayAcceptsWithEveryTagALoadRunSends() throws Exception {
        Path file = dir.resolve("load-site.yaml");
        int code = SimulatorMain.run(new String[] {"gen-load-config", "--devices", "12", "--sensors-per-device", "20",
                "--out", file.toString(), "--site", "bench", "--tag-prefix", "B", "--period", "5m"}, quiet(), quiet());
        assertEquals(SimulatorMain.OK, code);

        Site site = ConfigLoader.loadSite(file);
        LoadNaming naming = new LoadNaming("bench", "B");
        assertEquals("bench", site.id());
        assertEquals(12, site.devices().size());
        assertEquals(12 * 20, site.sensors().size());
        for (int d = 0; d < 12; d++) {
            for (int s = 0; s < 20; s++) {
                Sensor sensor = site.sensorsByTag().get(naming.tag(d, s));
                assertEquals(naming.device(d), sensor.device(), naming.tag(d, s));
                assertEquals(Duration.ofMinutes(5), sensor.period());
                assertEquals(1, sensor.limits().size());
                assertEquals(Direction.HIGH, sensor.limits().get(0).direction());
                assertTrue(sensor.limits().get(0).value() > PayloadTemplate.MAX_VALUE, "load values never alarm");
                assertTrue(!sensor.rules().flapping().enabled(), "alarm-latency triggers on the same points are not flapping");
                assertTrue(sensor.rules().escalation().isEmpty(), "nobody to escalate load alarms to");
            }
        }
    }

    @Test
    void refusesMissingCountsNamingTheOption() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimulatorMain.run(new String[] {"gen-load-config", "--devices", "3", "--out", dir.resolve("x.yaml").toString()},
                quiet(), new PrintStream(err, true, "UTF-8"));
        assertEquals(SimulatorMain.USAGE, code);
        assertTrue(err.toString("UTF-8").contains("--sensors-per-device"), err.toString("UTF-8"));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true);
    }
}
