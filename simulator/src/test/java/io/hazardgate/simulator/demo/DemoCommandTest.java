package io.hazardgate.simulator.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.SimulatorMain;
import io.hazardgate.simulator.testing.InProcessGateway;
import io.hazardgate.simulator.testing.SharedGateway;
import io.hazardgate.simulator.testing.Sites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
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

    /**
     * An alarm left active from before (here a reading sent by hand) would keep a scenario on its point
     * from raising it again: the demo's operator acknowledges it first, and the calm plant clears it.
     * (GT-102: no scenario drives it, so its transitions do not meet another test's within the flapping window.)
     */
    @Test
    void alarmsLeftActiveFromBeforeAreAcknowledgedAndClearOnTheCalmPlant(InProcessGateway gateway) throws Exception {
        MqttClient dtu = new MqttClient(gateway.url(), "dtu-tf1-by-hand", new MemoryPersistence());
        dtu.connect();
        try {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-102\",\"value\":30}]}".getBytes(StandardCharsets.UTF_8), 1, false);
        } finally {
            dtu.disconnect();
            dtu.close();
        }
        HttpClient http = HttpClient.newHttpClient();
        URI active = URI.create(gateway.httpUrl() + "/api/alarms?site=demo&tag=GT-102");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!http.send(HttpRequest.newBuilder(active).build(), HttpResponse.BodyHandlers.ofString()).body().contains("\"raised\"")) {
            assertTrue(System.nanoTime() < deadline, "GT-102's alarm was not raised");
            Thread.sleep(50);
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SimulatorMain.run(new String[] {"demo", "--config", Sites.DEMO_PLANT.resolveSibling("gateway.yaml").toString(),
                "--broker", gateway.url(), "--http", gateway.httpUrl(), "--scenarios", "garbage", "--cycles", "1", "--speed", "240",
                "--pause", "2s"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(SimulatorMain.OK, code, text);
        assertTrue(text.contains("Alarms left active from before the demo"), text);
        assertEquals(1, count(text, "GT-102 threshold red L2 acknowledged by duty"), text);
        assertEquals(1, count(text, "alarm GT-102 threshold cleared red L2"), "cleared by the calm plant's first normal reading:\n" + text);
        assertEquals("[]", http.send(HttpRequest.newBuilder(active).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
