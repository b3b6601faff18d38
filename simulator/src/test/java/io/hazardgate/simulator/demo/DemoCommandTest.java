package io.hazardgate.simulator.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.SimulatorMain;
import io.hazardgate.simulator.testing.InProcessGateway;
import io.hazardgate.simulator.testing.SharedGateway;
import io.hazardgate.simulator.testing.Sites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo against the real gateway: where to look, then scenario after scenario on one plant. */
@ExtendWith(SharedGateway.class)
class DemoCommandTest {
    /**
     * Two scenarios in a cycle, as the demo plays them against a gateway on the wall clock: the latched gas
     * alarm is acknowledged by the operator, which clears it and brings the tank farm back to green, and the
     * garbage is reported while the logger carries on. (Not tank-overfill: another test drives LT-101's
     * alarm on this shared gateway, and within the flapping window the gateway would count both together.)
     */
    @Test
    void printsWhereToLookThenPlaysEachScenarioAndSaysWhetherItsAlarmsCame(InProcessGateway gateway) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String url = gateway.url();
        int code = SimulatorMain.run(new String[] {"demo", "--config", Sites.DEMO_PLANT.resolveSibling("gateway.yaml").toString(),
                "--broker", url, "--http", gateway.httpUrl(), "--scenarios", "gas-leak,garbage", "--cycles", "1", "--speed", "240",
                "--pause", "300ms"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(SimulatorMain.OK, code, text + err.toString(StandardCharsets.UTF_8));
        String port = url.substring(url.lastIndexOf(':') + 1);
        assertTrue(text.contains("mosquitto_sub -h 127.0.0.1 -p " + port + " -t 'alarm/#' -v"), text);
        assertTrue(text.contains("dashboard        http://127.0.0.1:8080/"), text);
        assertTrue(text.contains("QuestDB SQL      http://127.0.0.1:9000/"), text);
        assertEquals(1, count(text, "== gas-leak: "), text);
        assertEquals(1, count(text, "== garbage: "), text);
        assertEquals(1, count(text, "alarm GT-101 threshold escalated red L2"), text);
        assertEquals(1, count(text, "GT-101 threshold red L2 acknowledged by duty"), text);
        assertEquals(1, count(text, "alarm GT-101 threshold cleared red L2"), "acknowledged after the gas went, it clears at once:\n" + text);
        assertEquals(1, count(text, "result: as expected (4 expectations met in time)"), text);
        assertEquals(1, count(text, "result: as expected (6 expectations met in time)"), text);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("demo: 2 scenarios played"));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
