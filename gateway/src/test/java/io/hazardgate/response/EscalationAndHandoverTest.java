package io.hazardgate.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.ResponseFixture;
import io.hazardgate.testing.SmtpServer;
import io.hazardgate.testing.TestClock;
import io.hazardgate.testing.TestGateway;
import io.hazardgate.testing.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escalation on the gateway's injected clock (a red alarm nobody acknowledges reaches the supervisor, the
 * 库长 of the dam, after red's 5 minutes, not before), and shift hand-over by the incoming operator.
 */
class EscalationAndHandoverTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String DAM = """
            site: dam
            name: 尾矿库测试
            defaults:
              escalation: {red: [{after: 5m, to: supervisor}], default: [{after: 30m, to: operational}, {after: 1h, to: supervisor}]}
            hazardSources:
              - {id: D1, name: 一号尾矿库, kind: tailings_dam, class: 3,
                 responsible: {principal: 陈华 Chen Hua, technical: 孙梅 Sun Mei, operational: 周斌 Zhou Bin, supervisor: Kuzhang}}
            devices: [{id: dtu-d1}]
            sensors:
              - {tag: WL-01, name: 库水位, source: D1, device: dtu-d1, type: water_level, period: 10m, range: [0, 200],
                 deadband: 0.2, limits: {blue: 150, yellow: 152, orange: 154, red: 156}}
              - {tag: NS-01, name: sentinel, source: D1, device: dtu-d1, type: generic, period: 1m, noData: {multiple: 1, min: 290s}}
            """;

    @TempDir Path data;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRedAlarmNobodyAcknowledgesReachesTheSupervisorAfterRedsFiveMinutes() throws Exception {
        try (SmtpServer smtp = new SmtpServer(); WebhookReceiver hooks = new WebhookReceiver()) {
            TestClock clock = new TestClock(System.currentTimeMillis());
            String yaml = ResponseFixture.yaml(smtp.port(), hooks, ResponseFixture.FAST_RETRY, """
                    - {name: red, match: {colour: red}, notify: [principal, duty], via: [mail], escalateVia: [mail, sms]}
                    - {name: faults, match: {kind: [fault, no_data]}, notify: [maintenance], via: [mail]}
                    """).replace("people:\n", "people:\n  - {id: kz, name: Kuzhang, email: kuzhang@gov.test, phone: \"+8613800000010\"}\n");
            try (Gateway gw = Gateway.start(damConfig(yaml), clock)) {
                long raised = clock.millis();
                try (Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-d1")) {
                    dtu.publish("plant/dam/dtu-d1/telemetry", "{\"readings\":[{\"tag\":\"WL-01\",\"value\":157}]}", 1);
                }
                SmtpServer.Mail first = smtp.await("chen@plant.test", m -> true, WAIT);
                assertTrue(first.subject().startsWith("【红色预警】一号尾矿库 WL-01 库水位"), first.subject());
                AlarmEvent alarm = gw.alarms().activeAlarms().get(0);

                // 4 min 59 s: not yet. The sentinel falls silent at 4 min 50 s, in a tick that also judged escalation
                clock.advance(299_000);
                Await.until("the sentinel's no-data", WAIT, () -> gw.alarms().activeAlarms().stream().anyMatch(e -> e.tag().equals("NS-01")));
                AlarmEvent sentinel = gw.alarms().activeAlarms().stream().filter(e -> e.tag().equals("NS-01")).findFirst().orElseThrow();
                // acknowledged after that tick: its answer comes once everything before it was delivered
                assertEquals(AckResult.Outcome.ACKNOWLEDGED, gw.alarms().acknowledge(sentinel.id(), "op", "").get(10, TimeUnit.SECONDS).outcome());
                assertNull(active(gw, alarm.id()).escalation(), "red waits 5 minutes, and 4:59 is not 5");
                assertTrue(smtp.mailsTo("kuzhang@gov.test").isEmpty());

                clock.advance(2_000);
                SmtpServer.Mail esc = smtp.await("kuzhang@gov.test", m -> true, WAIT);
                assertTrue(esc.subject().startsWith("【未确认·已升级】"), esc.subject());
                assertTrue(esc.text().contains("升级至: 库长/监管负责人 Kuzhang"), esc.text());
                assertTrue(esc.text().contains("通知原因: 未确认升级 1: 库长/监管负责人"), esc.text());
                hooks.await("/sms", r -> r.body().contains("+8613800000010"), WAIT);
                DeliveryRecord d = gw.response().deliveries(alarm.id()).stream().filter(x -> x.recipient().equals("kz")).findFirst().orElseThrow();
                assertEquals("ack_overdue", d.cause());
                assertTrue(d.plannedTs() - raised >= 300_000, "planned at +" + (d.plannedTs() - raised) + " ms");
                assertEquals("supervisor", active(gw, alarm.id()).escalation().role());
            }
        }
    }

    static final String FOUR_POINTS = """
            site: dam
            name: 尾矿库测试
            hazardSources:
              - {id: D1, name: 一号尾矿库, kind: tailings_dam, class: 3,
                 responsible: {principal: 陈华 Chen Hua, technical: 孙梅 Sun Mei, operational: 周斌 Zhou Bin, supervisor: Kuzhang}}
            devices: [{id: dtu-d1}]
            sensors:
            """ + String.join("", java.util.stream.IntStream.rangeClosed(1, 4).mapToObj(i ->
            "  - {tag: GNSS-0" + i + ", source: D1, device: dtu-d1, type: surface_displacement, period: 10m, range: [0, 1000],"
                    + " limits: {blue: 20, yellow: 40, orange: 60, red: 80}}\n").toList());

    /** GB 39496 §5.5: four points at blue make the monitoring item yellow; that rise is routed as a risk event. */
    @Test
    void anItemThatFourBluePointsMakeYellowIsToldAsARiskEvent() throws Exception {
        try (SmtpServer smtp = new SmtpServer(); WebhookReceiver hooks = new WebhookReceiver()) {
            TestClock clock = new TestClock(System.currentTimeMillis());
            String yaml = ResponseFixture.yaml(smtp.port(), hooks, ResponseFixture.FAST_RETRY, """
                    - {name: items, match: {event: risk, colour: [yellow, orange, red]}, notify: [principal], via: [mail], systems: [ops]}
                    - {name: alarms, match: {event: alarm}, notify: [duty], via: [mail]}
                    """).replace("people:\n", "people:\n  - {id: kz, name: Kuzhang, email: kuzhang@gov.test, phone: \"+8613800000010\"}\n");
            try (Gateway gw = Gateway.start(siteConfig(FOUR_POINTS, yaml), clock)) {
                try (Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-d1")) {
                    for (int i = 1; i <= 3; i++) {
                        dtu.publish("plant/dam/dtu-d1/telemetry", "{\"readings\":[{\"tag\":\"GNSS-0" + i + "\",\"value\":25}]}", 1);
                    }
                    Await.until("three blue points", WAIT, () -> gw.alarms().activeAlarms().size() == 3);
                    assertTrue(smtp.mailsTo("chen@plant.test").isEmpty(), "three blue points leave the item blue");
                    dtu.publish("plant/dam/dtu-d1/telemetry", "{\"readings\":[{\"tag\":\"GNSS-04\",\"value\":25}]}", 1);
                }
                SmtpServer.Mail mail = smtp.await("chen@plant.test", m -> true, WAIT);
                assertTrue(mail.subject().startsWith("【监测项黄色预警】一号尾矿库 surface_displacement"), mail.subject());
                assertTrue(mail.text().contains("说明: ") && mail.text().contains("GB 39496"), mail.text());
                WebhookReceiver.Request ops = hooks.await("/ops", r -> true, WAIT);
                JsonNode n = JSON.readTree(ops.body()).get("notices").get(0);
                assertEquals("risk", n.get("event").asText());
                assertEquals("yellow", n.get("colour").asText());
                assertEquals("blue", n.get("pointColour").asText());
            }
        }
    }

    /** The four points of FOUR_POINTS, whose alarms and item warnings climb to the operational person at 30 min, the 库长 at 1 h. */
    static final String ITEM_LADDER = FOUR_POINTS.replace("hazardSources:\n",
            "defaults:\n  escalation: {default: [{after: 30m, to: operational}, {after: 1h, to: supervisor}]}\nhazardSources:\n");
    static final String ITEM_KEY = "risk:dam/D1/surface_displacement";
    static final String ITEM_ESCALATED = "【监测项黄色预警·未确认·已升级】一号尾矿库 surface_displacement";
    static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/ack/[A-Za-z0-9_-]{43})");

    /** An item warning nobody acknowledges climbs its colour's ladder as an alarm does: operational at 30 min, 库长 at 1 h. */
    @Test
    void anItemWarningNobodyAcknowledgesClimbsItsLadderToTheSupervisor() throws Exception {
        try (SmtpServer smtp = new SmtpServer(); WebhookReceiver hooks = new WebhookReceiver()) {
            TestClock clock = new TestClock(System.currentTimeMillis());
            try (Gateway gw = Gateway.start(siteConfig(ITEM_LADDER, itemRoutes(smtp, hooks)), clock)) {
                long raised = clock.millis();
                makeTheItemYellow(gw);
                SmtpServer.Mail told = smtp.await("chen@plant.test", m -> m.subject().startsWith("【监测项黄色预警】"), WAIT);
                assertTrue(LINK.matcher(told.text()).find(), "the item's warning carries a link to acknowledge it:\n" + told.text());

                clock.advance(Duration.ofMinutes(30).toMillis());
                // the item's step and the points' alarms' own (same ladder) may leave together, in one message
                SmtpServer.Mail zhou = smtp.await("zhou@plant.test", m -> m.text().contains(ITEM_ESCALATED), WAIT);
                assertTrue(zhou.text().contains("升级至: 操作负责人 周斌 Zhou Bin"), zhou.text());
                assertTrue(LINK.matcher(zhou.text()).find(), "the person escalated to can acknowledge too");

                clock.advance(Duration.ofMinutes(30).toMillis());
                SmtpServer.Mail kz = smtp.await("kuzhang@gov.test", m -> m.text().contains(ITEM_ESCALATED), WAIT);
                assertTrue(kz.text().contains("升级至: 库长/监管负责人 Kuzhang"), kz.text());
                List<DeliveryRecord> record = gw.response().deliveries(ITEM_KEY);
                DeliveryRecord step2 = record.stream().filter(d -> d.recipient().equals("kz")).findFirst().orElseThrow();
                assertEquals("risk_overdue", step2.cause());
                assertEquals("escalation 2: supervisor", step2.reason());
                assertTrue(step2.plannedTs() - raised >= 3_600_000, "planned at +" + (step2.plannedTs() - raised) + " ms");
                JsonNode api = get(gw, "/api/deliveries?alarm=risk:dam%2FD1%2Fsurface_displacement");
                assertEquals(record.size(), api.size(), "the item's record on the API");
                assertEquals("escalation 2: supervisor", api.get(api.size() - 1).get("reason").asText());
            }
        }
    }

    /** A restart keeps an item warning's place on its ladder: the step told before is not told again, the next one comes. */
    @Test
    void anItemWarningGoesOnUpItsLadderAfterARestart() throws Exception {
        try (SmtpServer smtp = new SmtpServer(); WebhookReceiver hooks = new WebhookReceiver()) {
            TestClock clock = new TestClock(System.currentTimeMillis());
            GatewayConfig config = siteConfig(ITEM_LADDER, itemRoutes(smtp, hooks));
            try (Gateway gw = Gateway.start(config, clock)) {
                makeTheItemYellow(gw);
                smtp.await("chen@plant.test", m -> m.subject().startsWith("【监测项黄色预警】"), WAIT);
                clock.advance(Duration.ofMinutes(30).toMillis());
                smtp.await("zhou@plant.test", m -> m.text().contains(ITEM_ESCALATED), WAIT);
                Await.until("the operational person's step delivered", WAIT, () -> gw.response().deliveries(ITEM_KEY).stream()
                        .anyMatch(d -> d.recipient().equals("zhou") && d.state().equals("delivered")));
            }
            try (Gateway gw = Gateway.start(config, clock)) {
                clock.advance(Duration.ofMinutes(30).toMillis());
                smtp.await("kuzhang@gov.test", m -> m.text().contains(ITEM_ESCALATED), WAIT);
                List<DeliveryRecord> steps = gw.response().deliveries(ITEM_KEY).stream().filter(d -> d.cause().equals("risk_overdue")).toList();
                assertEquals(List.of("zhou", "kz"), steps.stream().map(DeliveryRecord::recipient).toList(), "each step once: " + steps);
            }
        }
    }

    /** The link in the item's warning acknowledges it once, and its ladder stops there. */
    @Test
    void anItemWarningAcknowledgedByItsLinkClimbsNoFurther() throws Exception {
        try (SmtpServer smtp = new SmtpServer(); WebhookReceiver hooks = new WebhookReceiver()) {
            TestClock clock = new TestClock(System.currentTimeMillis());
            try (Gateway gw = Gateway.start(siteConfig(ITEM_LADDER, itemRoutes(smtp, hooks)), clock)) {
                makeTheItemYellow(gw);
                SmtpServer.Mail told = smtp.await("chen@plant.test", m -> m.subject().startsWith("【监测项黄色预警】"), WAIT);
                java.util.regex.Matcher m = LINK.matcher(told.text());
                assertTrue(m.find(), told.text());
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(m.group(1))).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(page.body().contains("监测项预警") && page.body().contains("dam/D1/surface_displacement"), page.body());
                assertEquals(200, post(m.group(1)), "the warning is acknowledged by the person it was sent to");
                assertEquals(410, post(m.group(1)), "once");

                // at 30 min the points' own alarms, still unacknowledged, climb to the operational person: the sentinel.
                // The item's step would be planned before theirs, in their message or before it
                clock.advance(Duration.ofMinutes(30).toMillis());
                SmtpServer.Mail zhou = smtp.await("zhou@plant.test", x -> true, WAIT);
                assertTrue(zhou.text().contains("【未确认·已升级】"), zhou.text());
                assertTrue(!zhou.text().contains("监测项"), "the alarms' step, not the item's: " + zhou.text());
                assertTrue(gw.response().deliveries(ITEM_KEY).stream().noneMatch(d -> d.cause().equals("risk_overdue")),
                        "nobody is told of an acknowledged item warning again");
            }
        }
    }

    private static String itemRoutes(SmtpServer smtp, WebhookReceiver hooks) {
        return ResponseFixture.yaml(smtp.port(), hooks, ResponseFixture.FAST_RETRY, """
                - {name: items, match: {event: risk, colour: [yellow, orange, red]}, notify: [principal], via: [mail]}
                - {name: alarms, match: {event: alarm}, notify: [duty], via: [mail]}
                """).replace("people:\n", "people:\n  - {id: kz, name: Kuzhang, email: kuzhang@gov.test, phone: \"+8613800000010\"}\n");
    }

    private static void makeTheItemYellow(Gateway gw) throws Exception {
        try (Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-d1")) {
            for (int i = 1; i <= 4; i++) {
                dtu.publish("plant/dam/dtu-d1/telemetry", "{\"readings\":[{\"tag\":\"GNSS-0" + i + "\",\"value\":25}]}", 1);
            }
        }
    }

    private int post(String link) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(link)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void theIncomingOperatorTakesOverTheOpenAlarmsOfTheirShift() throws Exception {
        try (SmtpServer smtp = new SmtpServer(); WebhookReceiver hooks = new WebhookReceiver()) {
            // 03:00 in Shanghai: the night shift (Li Na) is on duty; the day operator (login duty) starts at 08:00
            TestClock clock = new TestClock(ZonedDateTime.parse("2025-03-01T03:00:00+08:00[Asia/Shanghai]").toInstant().toEpochMilli());
            String yaml = ResponseFixture.yaml(smtp.port(), hooks, ResponseFixture.FAST_RETRY,
                    "- {name: all, match: {event: alarm}, notify: [duty], via: [mail]}\n").replace(
                    "shifts: [{name: all-day, from: \"00:00\", to: \"00:00\", people: [duty1]}]",
                    "shifts: [{name: day, from: \"08:00\", to: \"20:00\", people: [duty1]}, {name: night, from: \"20:00\", to: \"08:00\", people: [li]}]");
            GatewayConfig config = ResponseFixture.gateway(data, yaml);
            try (Gateway gw = Gateway.start(config, clock)) {
                JsonNode duty = get(gw, "/api/duty?site=demo");
                assertEquals("night", duty.get("shift").asText());
                assertEquals(List.of("李娜 Li Na"), List.of(duty.get("people").get(0).asText()));
                try (Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
                    dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"LT-101\",\"value\":17},{\"tag\":\"GT-101\",\"value\":30}]}", 1);
                }
                Await.until("two alarms", WAIT, () -> gw.alarms().activeAlarms().size() == 2);
                AlarmEvent gas = gw.alarms().activeAlarms().stream().filter(e -> e.tag().equals("GT-101")).findFirst().orElseThrow();
                gw.alarms().acknowledge(gas.id(), "night-lead", "seen").get(10, TimeUnit.SECONDS);

                HttpResponse<String> early = handover(gw, "duty", "hazardgate-demo");
                assertEquals(403, early.statusCode(), "at 03:00 the day operator is not on duty: " + early.body());
                assertEquals(401, handover(gw, "duty", "wrong-password").statusCode());

                clock.advance(Duration.ofMinutes(270).toMillis()); // 07:30: the day shift starts within the hour
                HttpResponse<String> ok = handover(gw, "duty", "hazardgate-demo");
                assertEquals(200, ok.statusCode(), ok.body());
                JsonNode h = JSON.readTree(ok.body());
                assertEquals("day", h.get("shift").asText());
                assertEquals("Duty One", h.get("person").asText());
                AlarmEvent level = gw.alarms().activeAlarms().stream().filter(e -> e.tag().equals("LT-101")).findFirst().orElseThrow();
                assertEquals(List.of(level.id()), List.of(h.get("acknowledged").get(0).asText()));
                assertEquals(gas.id(), h.get("alreadyAcknowledged").get(0).asText());
                assertEquals("Duty One", level.ack().by());
                assertTrue(level.ack().comment().startsWith("shift hand-over: day taken over by Duty One"), level.ack().comment());
                assertEquals("day", get(gw, "/api/duty?site=demo").get("handovers").get(0).get("shift").asText());
            }
        }
    }

    private HttpResponse<String> handover(Gateway gw, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + "/api/handover"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"site\":\"demo\",\"comment\":\"morning\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private GatewayConfig damConfig(String responseYaml) throws Exception {
        return siteConfig(DAM, responseYaml);
    }

    private GatewayConfig siteConfig(String siteYaml, String responseYaml) throws Exception {
        Path site = data.resolve("dam.yaml");
        Files.writeString(site, siteYaml);
        Site dam = ConfigLoader.loadSite(site);
        GatewayConfig base = TestGateway.config(data);
        GatewayConfig g = new GatewayConfig(base.file(), base.mqtt(), base.http(), base.store(), base.alarms(), base.dataDir(), List.of(dam));
        Path f = data.resolve("response.yaml");
        Files.writeString(f, responseYaml);
        return g.withResponse(ConfigLoader.loadResponse(f, List.of(dam), name -> null));
    }

    private static AlarmEvent active(Gateway gw, String id) {
        return gw.alarms().activeAlarms().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }

    private JsonNode get(Gateway gw, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}
