package io.hazardgate.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.ResponseFixture;
import io.hazardgate.testing.SmtpServer;
import io.hazardgate.testing.TestClock;
import io.hazardgate.testing.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A red gas alarm, end to end over real sockets: a data logger publishes over MQTT (Paho), the gateway
 * tells the responsible persons and the duty room by mail (a real SMTP server with a login) and SMS (a
 * real HTTP receiver standing in for the SMS gateway), and another system by signed webhook; the link in
 * the mail acknowledges the alarm once, and only once.
 */
class AlarmResponseEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/ack/[A-Za-z0-9_-]{43})");
    static final Duration SECONDS = Duration.ofSeconds(15);

    @TempDir Path data;
    SmtpServer smtp;
    WebhookReceiver hooks;
    Gateway gw;
    TestClock clock;
    ListAppender<ILoggingEvent> logs;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        smtp = new SmtpServer();
        hooks = new WebhookReceiver();
        clock = new TestClock(System.currentTimeMillis());
        gw = Gateway.start(ResponseFixture.gateway(data, ResponseFixture.yaml(smtp.port(), hooks, ResponseFixture.FAST_RETRY,
                ResponseFixture.ROUTES)), clock);
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        hooks.close();
        smtp.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    @Test
    void aRedGasAlarmReachesMailSmsAndWebhookWithinSecondsAndItsLinkAcknowledgesOnce() throws Exception {
        long published;
        try (Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
            published = System.nanoTime();
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
        }
        // the principal's mail: Chinese, with point, value, limit, colour, source and a link
        SmtpServer.Mail mail = smtp.await("wang@plant.test", m -> true, SECONDS);
        long mailMillis = (System.nanoTime() - published) / 1_000_000;
        assertTrue(mail.subject().startsWith("【红色预警】1号储罐区（粗苯） Tank farm 1 (crude benzene) GT-101"), mail.subject());
        for (String s : List.of("测点: GT-101 101罐防火堤可燃气体 Combustible gas at tank 101 dike", "数值: 60 %LEL", "限值: L2 50 %LEL",
                "颜色: 红色", "危险源: 1号储罐区（粗苯） Tank farm 1 (crude benzene) (TF1)", "状态: 未确认", "通知原因: 主要负责人", "确认报警")) {
            assertTrue(mail.text().contains(s), "mail says '" + s + "':\n" + mail.text());
        }
        for (String to : List.of("li@plant.test", "zhao@plant.test", "duty1@plant.test")) smtp.await(to, m -> true, SECONDS);
        assertEquals(4, smtp.mails().size(), "principal, technical, operational and the duty room; nobody twice");

        // the SMS gateway got the template, the key in its header; the other system a signed webhook
        WebhookReceiver.Request sms = hooks.await("/sms", r -> r.body().contains("+8613800000001"), SECONDS);
        assertEquals("Bearer " + ResponseFixture.SMS_KEY, sms.header("Authorization"));
        JsonNode smsBody = JSON.readTree(sms.body());
        assertTrue(smsBody.get("text").asText().startsWith("【红色预警】"), smsBody.toString());
        assertTrue(LINK.matcher(smsBody.get("text").asText()).find(), "the SMS carries the link too");
        WebhookReceiver.Request ops = hooks.await("/ops", r -> true, SECONDS);
        assertEquals("sha256=" + hmac(ResponseFixture.OPS_KEY, ops.body()), ops.header("X-HazardGate-Signature"));
        JsonNode notice = JSON.readTree(ops.body()).get("notices").get(0);
        assertEquals("raised", notice.get("state").asText());
        assertEquals("red", notice.get("colour").asText());
        assertEquals(60, notice.get("value").asDouble());
        assertNotNull(ops.header("X-HazardGate-Delivery"));

        // the delivery record shows who was told what, how and when
        String alarmId = notice.get("id").asText();
        Await.until("every notice delivered", SECONDS, () -> {
            JsonNode r = getJson("/api/alarms/" + alarmId + "/deliveries");
            for (JsonNode d : r) if (!d.get("state").asText().equals("delivered")) return false;
            return r.size() == 9; // 4 people x (mail, sms) + the ops webhook
        });
        JsonNode record = getJson("/api/alarms/" + alarmId + "/deliveries");
        JsonNode wangMail = find(record, "wang", "mail");
        assertEquals("principal", wangMail.get("reason").asText());
        assertEquals("w***@plant.test", wangMail.get("address").asText(), "addresses are masked in the record");
        assertEquals(1, wangMail.get("attempts").size());
        assertTrue(wangMail.get("attempts").get(0).get("detail").asText().contains("accepted by 127.0.0.1"));
        assertTrue(mailMillis < 15_000, "within seconds: " + mailMillis + " ms");
        System.out.println("red gas alarm: published to the principal's mailbox in " + mailMillis + " ms");

        // ...and in the store with the alarm's events, for as long as the store keeps records
        String sql = "select recipient, channel, outcome from alarm_delivery where alarm = '" + alarmId + "'";
        Await.until("delivery rows in the store", Duration.ofSeconds(60), () -> {
            JsonNode q = gw.store().sql().orElseThrow().exec(sql);
            return q.path("count").asInt() == 9 && q.path("dataset").toString().contains("[\"wang\",\"mail\",\"delivered\"]");
        });

        // the link: looking does not acknowledge (mail scanners open links), the form's POST does, once
        Matcher m = LINK.matcher(mail.text());
        assertTrue(m.find());
        String link = m.group(1);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<form method=\"post\">"));
        assertFalse(active(alarmId).acknowledged(), "a GET changes nothing");
        HttpResponse<String> used = post(link);
        assertEquals(200, used.statusCode(), used.body());
        Await.until("acknowledged", SECONDS, () -> active(alarmId) == null || active(alarmId).acknowledged());
        AlarmEvent acked = active(alarmId);
        if (acked != null) assertEquals("王健 Wang Jian", acked.ack().by());

        // hostile uses: the same link again, a forged one, another person's link once it has expired
        assertEquals(410, post(link).statusCode(), "a link works once");
        String forged = link.substring(0, link.lastIndexOf('/') + 1) + "A".repeat(43);
        assertEquals(404, post(forged).statusCode(), "a link the gateway never made");
        assertEquals(404, post(link + "x").statusCode(), "a malformed link");
        String liLink = linkIn(smtp.await("li@plant.test", x -> true, SECONDS));
        clock.advance(Duration.ofHours(24).toMillis() + 1);
        assertEquals(410, post(liLink).statusCode(), "expired after 24 h");
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("hazardgate_response_links_refused_total{reason=\"used\"} 1.0"), metrics);
        assertTrue(metrics.contains("hazardgate_response_links_refused_total{reason=\"unknown\"} 2.0"));
        assertTrue(metrics.contains("hazardgate_response_links_refused_total{reason=\"expired\"} 1.0"));

        // secrets never reach a log line or the printed configuration
        for (ILoggingEvent e : logs.list) {
            for (String secret : List.of(SmtpServer.PASSWORD, ResponseFixture.SMS_KEY, ResponseFixture.OPS_KEY)) {
                assertFalse(e.getFormattedMessage().contains(secret), "secret in log: " + e.getFormattedMessage());
            }
        }
        assertFalse(gw.response() == null);
    }

    @Test
    void anotherSystemSubscribedOnTheGatewaysBrokerHearsOfEveryTransition() throws Exception {
        gw.close();
        java.nio.file.Files.createDirectories(data.resolve("bus"));
        gw = Gateway.start(ResponseFixture.gateway(data.resolve("bus"), ResponseFixture.yaml(smtp.port(), hooks, ResponseFixture.FAST_RETRY,
                "- {name: all, systems: [bus]}\n")), clock);
        try (Mqtt.Client system = Mqtt.connect(gw.mqttPort(), "scada").subscribe("notify/#", 1);
             Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"LT-101\",\"value\":17}]}", 1);
            Mqtt.Received m = system.next("notify/bus");
            JsonNode n = JSON.readTree(m.payload()).get("notices").get(0);
            assertEquals("raised", n.get("state").asText());
            assertEquals("LT-101", n.get("tag").asText());
            assertEquals("yellow", n.get("colour").asText());
            gw.alarms().acknowledge(n.get("id").asText(), "op", "").get(10, java.util.concurrent.TimeUnit.SECONDS);
            // the group window counts from when the channel answered: wait for that answer on record, then move the clock
            Await.until("the first delivered on record", SECONDS, () -> gw.response().deliveries(n.get("id").asText()).stream()
                    .anyMatch(d -> d.state().equals("delivered")));
            clock.advance(61_000); // past the group window
            gw.response().wake();
            JsonNode acked = JSON.readTree(system.next("notify/bus").payload()).get("notices").get(0);
            assertEquals("acknowledged", acked.get("state").asText());
            assertEquals("op", acked.get("ackBy").asText());
        }
    }

    private static JsonNode find(JsonNode record, String recipient, String channel) {
        for (JsonNode d : record) {
            if (d.get("recipient").asText().equals(recipient) && d.get("channel").asText().equals(channel)) return d;
        }
        throw new AssertionError("no " + channel + " notice for " + recipient + " in " + record);
    }

    private AlarmEvent active(String id) {
        return gw.alarms().activeAlarms().stream().filter(e -> e.id().equals(id)).findFirst().orElse(null);
    }

    static String linkIn(SmtpServer.Mail mail) {
        Matcher m = LINK.matcher(mail.text());
        assertTrue(m.find(), mail.text());
        return m.group(1);
    }

    private HttpResponse<String> post(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static String hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
