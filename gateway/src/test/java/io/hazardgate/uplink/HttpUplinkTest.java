package io.hazardgate.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The demo plant reported to an example provincial platform over HTTP, end to end: real MQTT data
 * loggers publish to the real gateway, whose uplink signs, encrypts (SM4) and posts to a receiver that
 * checks signature, decryption and schema as the platform would (config/examples/province). A wrong key
 * or a message the platform refuses pauses the uplink with a clear error while the log keeps every
 * record; fixed, everything arrives.
 */
class HttpUplinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP_KEY = "hg-demo-370612000101";
    private static final String SECRET = "test-secret-0123456789abcdef";
    private static final String SM4 = "00112233445566778899aabbccddeeff";
    private static final String TF1 = "plant/demo/dtu-tf1/telemetry";

    @TempDir Path dir;
    private PlatformReceiver platform;
    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) gateway.close();
        if (platform != null) platform.close();
    }

    private PlatformReceiver platform(String secret) throws Exception {
        return new PlatformReceiver(APP_KEY, secret.getBytes(StandardCharsets.UTF_8), HexFormat.of().parseHex(SM4),
                ProvinceSchemas.all()).start();
    }

    /** The example province uplink against {@code platform}, with short intervals and backoffs for a test. */
    private GatewayConfig config(String secret, String templates) throws Exception {
        return config(secret, templates, Configs.configDir().resolve("demo-plant.yaml"));
    }

    private GatewayConfig config(String secret, String templates, Path siteFile) throws Exception {
        Files.writeString(dir.resolve("province.key"), "appKey=" + APP_KEY + "\nsecret=" + secret + "\nsm4Key=" + SM4 + "\n");
        Path gw = dir.resolve("gateway.yaml");
        Files.writeString(gw, """
                mqtt: {host: 127.0.0.1, port: 0}
                http: {host: 127.0.0.1, port: 0}
                store: {kind: questdb-embedded, embedded: {host: 127.0.0.1, port: 0}}
                dataDir: %s
                sites: [%s]
                uplinks:
                  - name: province
                    kind: http
                    start: oldest
                    realtime: {mode: interval, interval: 1s}
                    backfillAfter: 3s
                    retry: {initial: 50ms, max: 200ms}
                    pauseRetry: 300ms
                    statistics: 1s
                    keyFile: province.key
                    encryption: sm4
                    templates: %s
                    http:
                      url: %s
                      paths: {realtime: /data/realtime, history: /data/history, alarm: /data/alarm, basic: /data/basic,
                              statistics: /data/statistics}
                      response: {codeField: code, ok: ["0"], messageField: msg}
                """.formatted(dir.resolve("data"), siteFile, templates,
                platform.url()));
        return ConfigLoader.load(gw);
    }

    private static String provinceTemplates() {
        return Configs.configDir().resolve("examples/province/templates.yaml").toString();
    }

    private static String reading(String tag, double value, long ts) {
        return "{\"ts\":" + ts + ",\"readings\":[{\"tag\":\"" + tag + "\",\"value\":" + value + "}]}";
    }

    @Test
    void basicDataValuesAlarmsAndClearancesReachThePlatformSignedEncryptedAndInItsShape() throws Exception {
        platform = platform(SECRET);
        gateway = Gateway.start(config(SECRET, provinceTemplates()), Clock.systemUTC());
        long t0 = System.currentTimeMillis();
        try (Mqtt.Client dtu = Mqtt.connect(gateway.mqttPort(), "dtu-tf1")) {
            dtu.publish(TF1, reading("LT-101", 10, t0), 1);
            dtu.publish(TF1, reading("TT-101", 21.5, t0), 1);
            Await.until("real-time values", Duration.ofSeconds(20), () -> !platform.bodies("realtime").isEmpty());

            dtu.publish(TF1, reading("TT-101", 65, t0 + 1500), 1); // above HH 60: a red alarm
            Await.until("the alarm", Duration.ofSeconds(20), () -> !platform.bodies("alarm").isEmpty());
            dtu.publish(TF1, reading("TT-101", 20, t0 + 3000), 1);
            Await.until("the clearance", Duration.ofSeconds(20), () -> platform.bodies("alarm").size() >= 2);
        }

        // Basic data went first, with every code, before any value that refers to them.
        assertEquals("basic", platform.accepted.get(0).path());
        JsonNode basic = platform.accepted.get(0).body();
        assertEquals("370612000101", basic.path("qybm").asText());
        assertEquals("91370600MA3C00001B", basic.path("tyshxydm").asText());
        assertEquals(Configs.demoPlant().sensors().size(), basic.path("zb").size());
        assertEquals(2, basic.path("zdwxy").size());
        JsonNode lt = find(basic.path("zb"), "wh", "LT-101");
        assertEquals("QLT101", lt.path("zbbm").asText());
        assertEquals("370612000101H001E101", lt.path("sbbm").asText());
        assertEquals(2, lt.path("yz").size(), "H and L (HH and LL are the switches' own points)");

        JsonNode rt = platform.bodies("realtime").get(0);
        assertEquals("1", rt.path("sjlx").asText());
        JsonNode value = find(rt.path("sj"), "zbbm", "QLT101");
        assertEquals(10.0, value.path("ssz").asDouble());
        assertEquals("370612000101H001", value.path("zdwxybm").asText());
        assertEquals(t0, value.path("cjsjhm").asLong());
        assertEquals("m", value.path("dw").asText());

        JsonNode raised = platform.bodies("alarm").get(0);
        JsonNode cleared = platform.bodies("alarm").get(1);
        assertEquals("1", raised.path("zt").asText());
        assertEquals("1", raised.path("bjjb").asText(), "HH is red, 一级");
        assertEquals("01", raised.path("bjlx").asText());
        assertEquals(65.0, raised.path("bjz").asDouble());
        assertEquals(60.0, raised.path("yz").asDouble());
        assertEquals("QTT101", raised.path("zbbm").asText());
        assertEquals("0", cleared.path("zt").asText());
        assertEquals(raised.path("bjid").asText(), cleared.path("bjid").asText(), "one alarm id from raise to clearance");

        // Values before the alarm went before it: the log's order.
        int alarmAt = indexOf("alarm");
        assertTrue(alarmAt > indexOf("realtime"));

        assertEquals(0, platform.refusals.size(), platform.refusals.toString());
        assertEquals(platform.accepted.size(), platform.decrypted.get(), "every message came SM4-encrypted");
        assertEquals(platform.accepted.size(), platform.signaturesVerified.get());

        JsonNode ready = JSON.readTree(Http.get("http://127.0.0.1:" + gateway.httpPort() + "/ready").body());
        assertEquals("live", ready.path("uplinks").path("province").path("state").asText());
        // counted once the platform's answer is back, a moment after the platform stored the message
        Await.until("both alarm messages counted", Duration.ofSeconds(10), () -> gateway.meters().scrape().contains(
                "hazardgate_uplink_messages_total{kind=\"alarm\",outcome=\"sent\",uplink=\"province\"} 2.0"));
        assertTrue(gateway.meters().scrape().contains("hazardgate_uplink_lag_records{uplink=\"province\"}"));

        JsonNode uplinks = JSON.readTree(Http.get("http://127.0.0.1:" + gateway.httpPort() + "/api/uplinks").body());
        assertEquals("province", uplinks.get(0).path("name").asText());
        assertFalse(uplinks.toString().contains(SECRET), "no key in the API");
        Await.until("statistics count the red alarm", Duration.ofSeconds(10), () -> JSON.readTree(
                Http.get("http://127.0.0.1:" + gateway.httpPort() + "/api/statistics/demo?days=1").body())
                .get(0).path("sources").path("TF1").path("alarms").path("red").asInt() == 1);
        // ...and go up to the platform, the running day's figures every second here
        Await.until("statistics upstream count the red alarm", Duration.ofSeconds(10), () -> platform.bodies("statistics")
                .stream().anyMatch(b -> b.path("bjcs").path("hong").asInt() == 1 && b.path("zz").asText().equals("0")));
    }

    @Test
    void aFinishedDaysStatisticsGoUpOnceMarkedFinal() throws Exception {
        platform = platform(SECRET);
        platform.maxSkewMs = Duration.ofDays(2).toMillis(); // the gateway's clock is moved to midnight
        ZoneId cst = ZoneId.of("Asia/Shanghai");
        LocalDate today = LocalDate.now(cst);
        TestClock clock = new TestClock(today.atTime(23, 50).atZone(cst).toInstant().toEpochMilli());
        gateway = Gateway.start(config(SECRET, provinceTemplates()), clock);
        try (Mqtt.Client dtu = Mqtt.connect(gateway.mqttPort(), "dtu-tf1")) {
            dtu.publish(TF1, reading("GT-101", 60, clock.millis()), 1); // a red gas alarm late in the day
        }
        Await.until("the alarm counted", Duration.ofSeconds(20), () -> gateway.uplinks().statistics()
                .figures("demo", today).total().alarms().red() == 1);
        Await.until("running figures", Duration.ofSeconds(20), () -> platform.bodies("statistics").stream()
                .anyMatch(b -> b.path("tjrq").asText().equals(today.toString()) && b.path("bjcs").path("hong").asInt() == 1));
        assertTrue(finals(today.toString()).isEmpty(), "the day is not over");

        clock.set(today.plusDays(1).atTime(0, 11).atZone(cst).toInstant().toEpochMilli());
        Await.until("the finished day's figures", Duration.ofSeconds(20), () -> finals(today.toString()).size() == 1);
        JsonNode day = finals(today.toString()).get(0);
        assertEquals(1, day.path("bjcs").path("hong").asInt());
        assertEquals("370612000101", day.path("qybm").asText());
        int statisticsSoFar = platform.bodies("statistics").size();
        Await.until("more running figures", Duration.ofSeconds(20), () -> platform.bodies("statistics").size() > statisticsSoFar + 1);
        assertEquals(1, finals(today.toString()).size(), "a finished day goes once");

        // After a restart the uplink remembers it was sent.
        gateway.close();
        gateway = Gateway.start(config(SECRET, provinceTemplates()), clock);
        int beforeRestart = platform.bodies("statistics").size();
        Await.until("running figures again", Duration.ofSeconds(20), () -> platform.bodies("statistics").size() > beforeRestart + 1);
        assertEquals(1, finals(today.toString()).size());
    }

    private List<JsonNode> finals(String day) {
        return platform.bodies("statistics").stream()
                .filter(b -> b.path("tjrq").asText().equals(day) && b.path("zz").asText().equals("1")).toList();
    }

    @Test
    void aWrongKeyPausesTheUplinkWithAClearErrorAndEveryRecordWaitsUntilTheKeyIsFixed() throws Exception {
        platform = platform("the-platforms-real-secret-42");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logged);
        try {
            wrongKeyThenFixed();
        } finally {
            root.detachAppender(logged);
        }
        assertTrue(logged.list.stream().anyMatch(e -> e.getLevel() == Level.ERROR
                && e.getFormattedMessage().contains("Uplink province paused") && e.getFormattedMessage().contains("HTTP 401")),
                "the refusal is logged at ERROR with the platform's answer");
        assertEquals(1, logged.list.stream().filter(e -> e.getFormattedMessage().contains("Uplink province paused")).count(),
                "logged once per gateway start, not at every retry");
        for (ILoggingEvent e : logged.list) {
            String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
            for (String key : List.of(SECRET, "the-platforms-real-secret-42", SM4)) {
                assertFalse(text.contains(key), "a key in the log: " + text);
            }
        }
    }

    private void wrongKeyThenFixed() throws Exception {
        gateway = Gateway.start(config(SECRET, provinceTemplates()), Clock.systemUTC());
        long t0 = System.currentTimeMillis();
        try (Mqtt.Client dtu = Mqtt.connect(gateway.mqttPort(), "dtu-tf1")) {
            for (int i = 0; i < 5; i++) dtu.publish(TF1, reading("TT-101", 20 + i, t0 + i * 2000L), 1);
        }
        Await.until("the uplink pauses", Duration.ofSeconds(20), () -> uplinkState().path("state").asText().equals("paused"));
        JsonNode state = uplinkState();
        assertTrue(state.path("lastError").asText().contains("refused the credentials"), state.toString());
        assertTrue(state.path("lastError").asText().contains("HTTP 401"), state.toString());
        assertTrue(state.path("lastError").asText().contains("signature"), "the platform's own reason: " + state);
        assertFalse(state.toString().contains(SECRET));
        assertTrue(state.path("lagRecords").asLong() >= 5, "the records wait in the log: " + state);
        assertEquals(200, Http.get("http://127.0.0.1:" + gateway.httpPort() + "/ready").statusCode(),
                "a platform refusing us does not make the gateway unready for its plant");
        assertTrue(gateway.meters().scrape().contains("hazardgate_uplink_paused{uplink=\"province\"} 1.0"));
        assertTrue(platform.accepted.isEmpty());

        // The operator puts the right key in the file and restarts a minute later: everything arrives, marked as
        // backfilled (the gateway's clock is moved on rather than the test waiting).
        gateway.close();
        gateway = Gateway.start(config("the-platforms-real-secret-42", provinceTemplates()),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
        Await.until("every value arrives", Duration.ofSeconds(30), () -> values("TT-101").size() == 5);
        assertEquals(List.of(t0, t0 + 2000, t0 + 4000, t0 + 6000, t0 + 8000), values("TT-101"));
        assertTrue(platform.bodies("realtime").isEmpty() && !platform.bodies("history").isEmpty(),
                "data older than backfillAfter goes as history (补传)");
        Await.until("the uplink is live", Duration.ofSeconds(10), () -> uplinkState().path("state").asText().equals("live"));
    }

    @Test
    void aMessageThePlatformRefusesPausesTheUplinkWithThePlatformsReasonAndNothingIsLost() throws Exception {
        platform = platform(SECRET);
        // A template that leaves out the point code the platform requires.
        Path bad = dir.resolve("bad-templates.yaml");
        Files.writeString(bad, Files.readString(Path.of(provinceTemplates()))
                .replaceFirst("(?m)^      zbbm: \"\\$\\{point\\.code}\".*\n", ""));
        gateway = Gateway.start(config(SECRET, bad.toString()), Clock.systemUTC());
        long t0 = System.currentTimeMillis();
        try (Mqtt.Client dtu = Mqtt.connect(gateway.mqttPort(), "dtu-tf1")) {
            dtu.publish(TF1, reading("PT-101", 1.2, t0), 1);
        }
        Await.until("the uplink pauses", Duration.ofSeconds(20), () -> uplinkState().path("state").asText().equals("paused"));
        String error = uplinkState().path("lastError").asText();
        assertTrue(error.contains("HTTP 400") && error.contains("sj[0].zbbm: is required"), error);
        assertTrue(gateway.meters().scrape().contains(
                "hazardgate_uplink_messages_total{kind=\"realtime\",outcome=\"refused\",uplink=\"province\"}"));

        gateway.close();
        gateway = Gateway.start(config(SECRET, provinceTemplates()), Clock.systemUTC());
        Await.until("the value arrives", Duration.ofSeconds(30), () -> values("PT-101").size() == 1);
    }

    @Test
    void changedCodesGoToThePlatformAsBasicDataAgainOnALiveReloadAndValuesCarryThem() throws Exception {
        platform = platform(SECRET);
        Path site = dir.resolve("demo-plant.yaml");
        Files.copy(Configs.configDir().resolve("demo-plant.yaml"), site);
        Files.copy(Configs.configDir().resolve("demo-plant-layout.svg"), dir.resolve("demo-plant-layout.svg")); // the site's layout picture
        gateway = Gateway.start(config(SECRET, provinceTemplates(), site), Clock.systemUTC());
        Await.until("the basic data", Duration.ofSeconds(20), () -> platform.bodies("basic").size() == 1);
        assertEquals("QLT101", find(platform.bodies("basic").get(0).path("zb"), "wh", "LT-101").path("zbbm").asText());

        // The platform re-issued the level point's code; the operator edits the site file, the gateway runs on.
        String before = Files.readString(site);
        String after = before.replace("code: QLT101,", "code: QLT101A,");
        assertFalse(before.equals(after), "the site file has the code to change");
        Files.writeString(site, after);
        assertTrue(gateway.reloadConfig());
        Await.until("the basic data again", Duration.ofSeconds(20), () -> platform.bodies("basic").size() == 2);
        assertEquals("QLT101A", find(platform.bodies("basic").get(1).path("zb"), "wh", "LT-101").path("zbbm").asText());

        long t0 = System.currentTimeMillis();
        try (Mqtt.Client dtu = Mqtt.connect(gateway.mqttPort(), "dtu-tf1")) {
            dtu.publish(TF1, reading("LT-101", 11, t0), 1);
        }
        Await.until("the value under its new code", Duration.ofSeconds(20), () -> platform.bodies("realtime").stream()
                .anyMatch(b -> value(b.path("sj"), "QLT101A") != null));
        assertEquals(2, platform.bodies("basic").size(), "basic data goes when it changed, not with every message");
        assertTrue(indexOf("basic") < indexOf("realtime"));
        assertEquals(0, platform.refusals.size(), platform.refusals.toString());

        // After a restart the uplink knows the platform has this basic data: it is not sent a third time.
        gateway.close();
        gateway = Gateway.start(config(SECRET, provinceTemplates(), site), Clock.systemUTC());
        try (Mqtt.Client dtu = Mqtt.connect(gateway.mqttPort(), "dtu-tf1")) {
            dtu.publish(TF1, reading("LT-101", 12, t0 + 30_000), 1);
        }
        Await.until("the next value (the sentinel)", Duration.ofSeconds(20), () -> platform.bodies("realtime").stream()
                .anyMatch(b -> value(b.path("sj"), "QLT101A") != null && value(b.path("sj"), "QLT101A") == 12.0));
        assertEquals(2, platform.bodies("basic").size());
    }

    private JsonNode uplinkState() throws Exception {
        return JSON.readTree(Http.get("http://127.0.0.1:" + gateway.httpPort() + "/ready").body()).path("uplinks").path("province");
    }

    /** Collection times (ms) of the values of {@code tag} the platform accepted, real-time and history, in arrival order. */
    private List<Long> values(String tag) {
        String code = Configs.demoPlant().codes().point(tag).code();
        return platform.accepted.stream().filter(a -> a.path().equals("realtime") || a.path().equals("history"))
                .flatMap(a -> stream(a.body().path("sj"))).filter(r -> r.path("zbbm").asText().equals(code))
                .map(r -> r.path("cjsjhm").asLong()).toList();
    }

    private int indexOf(String path) {
        for (int i = 0; i < platform.accepted.size(); i++) if (platform.accepted.get(i).path().equals(path)) return i;
        return -1;
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    /** The value of point {@code code} in a real-time message's readings, or null. */
    private static Double value(JsonNode readings, String code) {
        for (JsonNode n : readings) if (n.path("zbbm").asText().equals(code)) return n.path("ssz").asDouble();
        return null;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) if (n.path(field).asText().equals(value)) return n;
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }
}
