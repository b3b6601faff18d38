package io.hazardgate.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.ResponseFixture;
import io.hazardgate.testing.SmtpServer;
import io.hazardgate.testing.TestClock;
import io.hazardgate.testing.WebhookReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery when things go wrong, on the gateway's injected clock: a channel down for a minute delays
 * messages, then they arrive once each and in order; a burst of alarms makes one message per person per
 * minute, not one per alarm.
 */
class DeliveryUnderPressureTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String ROUTES = """
            - {name: faults, match: {kind: [fault, no_data]}, notify: [maintenance], via: [mail]}
            - {name: hazards, notify: [duty], via: [mail], systems: [ops]}
            """;

    @TempDir Path data;
    SmtpServer smtp;
    WebhookReceiver hooks;
    TestClock clock;
    Gateway gw;

    @BeforeEach
    void start() throws Exception {
        smtp = new SmtpServer();
        hooks = new WebhookReceiver();
        clock = new TestClock(System.currentTimeMillis());
        gw = Gateway.start(ResponseFixture.gateway(data, ResponseFixture.yaml(smtp.port(), hooks,
                "{groupWindow: 1m, retry: {initial: 1s, max: 4s}}", ROUTES)), clock);
    }

    @AfterEach
    void stop() {
        if (gw != null) gw.close();
        hooks.close();
        smtp.close();
    }

    @Test
    void aChannelDownForAMinuteDelaysMessagesThenDeliversEachOnceInOrder() throws Exception {
        smtp.stop();
        hooks.answer(503);
        String first = raise("LT-101", 17);
        String second = raise("TT-101", 50);
        Await.until("both alarms planned", WAIT, () -> notices(second).size() == 2);

        // a minute of outage, in steps of the clock: each step the channels try again, and fail
        // each step waits for both channels' attempts: one still under way when the clock moves on would
        // set its next try after the move, and wait for a clock the test no longer advances
        int attempts = 0;
        int opsAttempts = attemptsOf(first, "ops");
        for (int step = 0; step < 12; step++) {
            clock.advance(5_000);
            gw.response().wake();
            int before = attempts;
            int opsBefore = opsAttempts;
            Await.until("another attempt", WAIT, () -> attemptsOf(first, "mail") > before && attemptsOf(first, "ops") > opsBefore);
            attempts = attemptsOf(first, "mail");
            opsAttempts = attemptsOf(first, "ops");
        }
        assertTrue(smtp.mails().isEmpty());
        JsonNode mail = notice(first, "mail");
        assertEquals("sending", mail.get("state").asText(), "not given up: " + mail);
        assertTrue(attempts >= 12, attempts + " attempts in a minute");
        for (JsonNode a : mail.get("attempts")) assertEquals("retry", a.get("outcome").asText());
        assertTrue(mail.get("detail").asText().contains("ConnectException") || mail.get("detail").asText().contains("onnect"),
                "the record says why: " + mail.get("detail"));
        assertTrue(notice(first, "ops").get("detail").asText().startsWith("HTTP 503"), "the webhook's answer is recorded");
        assertEquals("waiting", notice(second, "mail").get("state").asText(), "the second waits behind the first");

        // the channels come back: the first goes at the next try, the second after the group window
        smtp.restart();
        hooks.answer(200);
        clock.advance(5_000);
        gw.response().wake();
        smtp.await("duty1@plant.test", m -> m.text().contains(first), WAIT);
        hooks.await("/ops", r -> r.body().contains(first), WAIT);
        // the group window counts from when the channel answered: wait for that answer on record, then move the clock
        Await.until("the first delivered on record", WAIT, () -> notices(first).stream().allMatch(d -> d.state().equals("delivered")));
        clock.advance(61_000);
        gw.response().wake();
        smtp.await("duty1@plant.test", m -> m.text().contains(second), WAIT);
        hooks.await("/ops", r -> r.body().contains(second), WAIT);

        List<SmtpServer.Mail> mails = smtp.mailsTo("duty1@plant.test");
        assertEquals(2, mails.size(), "each once: " + mails);
        assertTrue(mails.get(0).text().contains(first) && mails.get(1).text().contains(second), "in order");
        List<WebhookReceiver.Request> ops = hooks.requests("/ops");
        assertEquals(2, ops.size(), "each once");
        assertTrue(ops.get(0).body().contains(first) && ops.get(1).body().contains(second), "in order");
        assertEquals("delivered", notice(first, "mail").get("state").asText());
        assertEquals("delivered", notice(second, "ops").get("state").asText());
    }

    @Test
    void aBurstOfAlarmsMakesOneMessagePerPersonPerMinute() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":30},{\"tag\":\"GT-102\",\"value\":15},"
                    + "{\"tag\":\"LT-101\",\"value\":17},{\"tag\":\"TT-101\",\"value\":50},{\"tag\":\"PT-101\",\"value\":2.2}]}", 1);
        }
        Await.until("five alarms", WAIT, () -> gw.alarms().activeAlarms().size() == 5);
        gw.alarms().activeAlarms().forEach(e -> ids.add(e.id()));
        Await.until("all planned", WAIT, () -> ids.stream().allMatch(id -> {
            try {
                return !notices(id).isEmpty();
            } catch (Exception e) {
                return false;
            }
        }));
        smtp.await("duty1@plant.test", m -> true, WAIT);
        // the rest waits for the window: the sentinel is the webhook, also grouped, which has its first message too
        hooks.await("/ops", r -> true, WAIT);
        assertEquals(1, smtp.mailsTo("duty1@plant.test").size(), "one message in the first minute");
        Await.until("the first message on record", WAIT, () -> ids.stream().anyMatch(id -> notice(id, "mail").get("state").asText().equals("delivered")));
        clock.advance(60_000);
        gw.response().wake();
        Await.until("the rest, grouped", WAIT, () -> covered(smtp.mailsTo("duty1@plant.test"), ids));
        List<SmtpServer.Mail> mails = smtp.mailsTo("duty1@plant.test");
        assertEquals(2, mails.size(), "five alarms, two messages: " + mails);
        assertTrue(mails.get(1).subject().contains("条报警通知"), mails.get(1).subject());
        for (String id : ids) assertEquals("delivered", notice(id, "mail").get("state").asText());
    }

    private static boolean covered(List<SmtpServer.Mail> mails, List<String> ids) {
        Set<String> seen = new HashSet<>();
        for (SmtpServer.Mail m : mails) for (String id : ids) if (m.text().contains(id)) seen.add(id);
        return seen.size() == ids.size();
    }

    private String raise(String tag, double value) throws Exception {
        try (Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1-" + tag)) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"" + tag + "\",\"value\":" + value + "}]}", 1);
        }
        String[] id = new String[1];
        Await.until(tag + " raised", WAIT, () -> {
            id[0] = gw.alarms().activeAlarms().stream().filter(e -> e.tag().equals(tag)).map(e -> e.id()).findFirst().orElse(null);
            return id[0] != null;
        });
        return id[0];
    }

    private List<DeliveryRecord> notices(String alarm) { return gw.response().deliveries(alarm); }

    private JsonNode notice(String alarm, String channel) {
        for (DeliveryRecord d : notices(alarm)) if (d.channel().equals(channel)) return JSON.valueToTree(d);
        throw new AssertionError("no " + channel + " notice for " + alarm);
    }

    private int attemptsOf(String alarm, String channel) { return notice(alarm, channel).get("attempts").size(); }
}
