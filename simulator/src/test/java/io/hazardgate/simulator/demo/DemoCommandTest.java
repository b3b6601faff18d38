package io.hazardgate.simulator.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.SimulatorMain;
import io.hazardgate.simulator.testing.InProcessGateway;
import io.hazardgate.simulator.testing.SharedGateway;
import io.hazardgate.simulator.testing.Sites;
import io.hazardgate.testing.Await;
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
     * At 60× the acknowledgement (a password check over HTTP) has the four wall seconds of its window that
     * a busy machine may need.
     */
    @Test
    void printsWhereToLookThenPlaysEachScenarioAndSaysWhetherItsAlarmsCame(InProcessGateway gateway) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String url = gateway.url();
        int code = SimulatorMain.run(new String[] {"demo", "--config", Sites.DEMO_PLANT.resolveSibling("gateway.yaml").toString(),
                "--broker", url, "--http", gateway.httpUrl(), "--scenarios", "gas-leak,garbage", "--cycles", "1", "--speed", "60",
                "--pause", "300ms"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(SimulatorMain.OK, code, text + err.toString(StandardCharsets.UTF_8));
        String port = url.substring(url.lastIndexOf(':') + 1);
        assertTrue(text.contains("mosquitto_sub -h 127.0.0.1 -p " + port + " -t 'alarm/#' -v"), text);
        // the dashboard is where the HTTP API is (--http), not the config's port
        assertTrue(text.contains("dashboard        " + gateway.httpUrl().replaceAll("/+$", "") + "/\n"), text);
        assertTrue(text.contains("QuestDB SQL      http://127.0.0.1:9000/"), text);
        assertEquals(1, count(text, "== gas-leak: "), text);
        assertEquals(1, count(text, "== garbage: "), text);
        assertEquals(1, count(text, "alarm GT-101 threshold escalated red L2"), text);
        assertEquals(1, count(text, "GT-101 threshold red L2 acknowledged by duty"), text);
        assertEquals(1, count(text, "alarm GT-101 threshold cleared red L2"), "acknowledged after the gas went, it clears at once:\n" + text);
        assertEquals(1, count(text, "result: as expected (4 expectations met in time)"), text);
        assertEquals(1, count(text, "result: as expected (6 expectations met in time)"), text);
        assertTrue(text.endsWith("demo: 2 scenarios played" + System.lineSeparator()), "said last, after the results:\n" + text);
    }

    /**
     * Alarms left active from before the demo (here readings sent by hand) would keep a scenario on their
     * point from raising them again: the operator acknowledges them first, and a latched gas alarm clears on
     * the calm plant's first normal reading. Their transitions count toward flapping on the gateway: a
     * scenario driving the same alarm waits for the flapping window (rainstorm on WL-01; the demo is stopped
     * during that calm). No other test drives GT-102 or WL-01 on this gateway.
     */
    @Test
    void alarmsLeftActiveFromBeforeAreAcknowledgedAndSpaceTheScenariosOnTheirPoints(InProcessGateway gateway) throws Exception {
        publish(gateway, "dtu-tf1", "GT-102", 30);
        publish(gateway, "dtu-td1", "WL-01", 151);
        awaitBody(gateway.httpUrl() + "/api/alarms?site=demo&tag=GT-102", "\"raised\"");
        awaitBody(gateway.httpUrl() + "/api/alarms/history?site=demo&tag=WL-01", "\"raised\"");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SimulatorMain.run(new String[] {"demo", "--config", Sites.DEMO_PLANT.resolveSibling("gateway.yaml").toString(),
                "--broker", gateway.url(), "--http", gateway.httpUrl(), "--scenarios", "rainstorm", "--duration", "6s", "--pause", "1s"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(SimulatorMain.OK, code, text);
        assertTrue(text.contains("Alarms left active from before the demo"), text);
        assertEquals(1, count(text, "GT-102 threshold red L2 acknowledged by duty"), text);
        assertEquals(1, count(text, "WL-01 threshold blue blue acknowledged by duty"), text);
        assertEquals(1, count(text, "alarm GT-102 threshold cleared red L2"), "cleared by the calm plant's first normal reading:\n" + text);
        assertTrue(text.matches("(?s).*calm plant for 9m[0-9]+s before rainstorm.*"), "WL-01 changed moments ago:\n" + text);
        assertEquals(0, count(text, "== rainstorm"), text);
        publish(gateway, "dtu-td1", "WL-01", 140); // leave the plant's alarms cleared
        awaitBody(gateway.httpUrl() + "/api/alarms?site=demo", "[]");
    }

    private static void publish(InProcessGateway gateway, String device, String tag, double value) throws Exception {
        MqttClient logger = new MqttClient(gateway.url(), device + "-by-hand", new MemoryPersistence());
        logger.connect();
        try {
            String json = "{\"readings\":[{\"tag\":\"" + tag + "\",\"value\":" + value + "}]}";
            logger.publish("plant/demo/" + device + "/telemetry", json.getBytes(StandardCharsets.UTF_8), 1, false);
        } finally {
            logger.disconnect();
            logger.close();
        }
    }

    /** Polls the gateway's HTTP API until the answer at {@code url} contains {@code what}. */
    private static void awaitBody(String url, String what) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Await.until(url + " to hold " + what, () ->
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body().contains(what));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
