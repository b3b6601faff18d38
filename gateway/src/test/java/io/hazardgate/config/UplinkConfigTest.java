package io.hazardgate.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.config.site.Site;
import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.config.uplink.RealtimePolicy;
import io.hazardgate.config.uplink.TemplateVariables;
import io.hazardgate.config.uplink.Templates;
import io.hazardgate.config.uplink.UplinkSettings;
import io.hazardgate.testing.Configs;
import io.hazardgate.uplink.template.Context;
import io.hazardgate.uplink.template.TemplateRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Platform codes in the site file, the uplinks in gateway.yaml, their key files and templates: valid
 * ones load, every mistake names the file, the field and the reason, and a key never shows in an error.
 */
class UplinkConfigTest {
    private static final String SECRET = "s3cret-signing-key-0042";
    private static final String SM4 = "00112233445566778899aabbccddeeff";

    @TempDir Path dir;

    private Path site(String extraEnterprise, String sourceCode, String sensorCodes) throws Exception {
        String yaml = "site: plant\n"
                + (extraEnterprise == null ? "" : "enterprise: " + extraEnterprise + "\n")
                + "hazardSources:\n"
                + "  - {id: TF1, kind: major_hazard, grade: 2" + (sourceCode == null ? "" : ", code: " + sourceCode) + ",\n"
                + "     equipment: [{id: T-1, code: EQ1, name: Tank 1, kind: tank}]}\n"
                + "  - {id: TF2, kind: major_hazard, grade: 3, code: HS2}\n"
                + "devices: [{id: dtu-1}]\n"
                + "sensors:\n" + sensorCodes;
        Path p = dir.resolve("plant.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    private static final String CODED_SENSORS =
            "  - {tag: LT-1, source: TF1, device: dtu-1, type: tank_level, limits: {H: 16}, code: P1, equipment: T-1, platformUnit: M}\n"
            + "  - {tag: TT-1, source: TF1, device: dtu-1, type: temperature, limits: {H: 45}, code: P2}\n"
            + "  - {tag: PT-2, source: TF2, device: dtu-1, type: pressure, limits: {H: 2}, code: P3}\n";

    private Path gateway(String uplinks) throws Exception {
        Path p = dir.resolve("gateway.yaml");
        Files.writeString(p, "sites: [plant.yaml]\n" + uplinks);
        return p;
    }

    private Path keyFile(String text) throws Exception {
        Path k = dir.resolve("province.key");
        Files.writeString(k, text);
        return k;
    }

    private static ConfigException fails(Path gateway) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(gateway));
    }

    private static final String HTTP_UPLINK = "uplinks:\n"
            + "  - name: province\n"
            + "    kind: http\n"
            + "    keyFile: province.key\n"
            + "    encryption: sm4\n"
            + "    realtime: {mode: interval, interval: 20s}\n"
            + "    http:\n"
            + "      url: https://platform.example.gov.cn/access\n"
            + "      paths: {realtime: /realtime, alarm: /alarm, basic: /basic, statistics: /statistics}\n";

    @Test
    void platformCodesAndAnHttpUplinkLoad() throws Exception {
        site("{code: E-370612, name: Demo Chemical Co., creditCode: 9144030071526726XG, region: \"370612\"}", "HS1", CODED_SENSORS);
        keyFile("appKey=hg-demo\nsecret=" + SECRET + "\nsm4Key=" + SM4 + "\n");
        GatewayConfig c = ConfigLoader.load(gateway(HTTP_UPLINK));

        Site s = c.site("plant");
        assertEquals("E-370612", s.codes().enterprise().code());
        assertEquals("9144030071526726XG", s.codes().enterprise().creditCode());
        assertEquals("HS1", s.codes().sourceCode("TF1"));
        assertEquals("EQ1", s.codes().equipment("T-1").code());
        assertEquals("P1", s.codes().point("LT-1").code());
        assertEquals("T-1", s.codes().point("LT-1").equipment());
        assertEquals("M", s.codes().point("LT-1").unit());

        UplinkSettings u = c.uplinks().get(0);
        assertEquals("province", u.name());
        assertEquals(UplinkSettings.HTTP, u.kind());
        assertEquals(RealtimePolicy.Mode.INTERVAL, u.realtime().mode());
        assertEquals("https://platform.example.gov.cn/access/realtime", u.http().uri(MessageKind.REALTIME).toString());
        assertEquals("/realtime", u.http().paths().get(MessageKind.HISTORY), "history goes where real-time goes unless told");
        assertArrayEquals(HexFormat.of().parseHex(SM4), u.keys().sm4Key());
        assertEquals("hg-demo", u.keys().appKey());
        assertFalse(u.keys().toString().contains(SECRET), "keys never print: " + u.keys());
        assertFalse(u.keys().toString().contains(SM4));
        assertTrue(u.sendStatistics());
        assertTrue(u.requireCodes());
        assertFalse(u.startAtOldest(), "a new uplink starts at the end of the log");
    }

    @Test
    void theDocumentedProvincialExampleLoadsAsShipped() {
        GatewayConfig c = ConfigLoader.load(Configs.configDir().resolve("examples/province/gateway.yaml"));
        UplinkSettings u = c.uplinks().get(0);
        assertEquals("province", u.name());
        assertTrue(u.keys().signs() && u.keys().encrypts());
        assertEquals("https://platform.example.gov.cn/hazard-access/v1/data/history", u.http().uri(MessageKind.HISTORY).toString());
        for (MessageKind k : MessageKind.values()) assertTrue(u.templates().body(k) != null, k.wireName());
        assertEquals(java.time.Duration.ofHours(1), u.statistics());
    }

    @Test
    void theShippedDemoPlantCarriesCodesForEveryPoint() {
        Site demo = Configs.demoPlant();
        assertTrue(demo.codes().enterprise().hasCode());
        for (var s : demo.sensors()) assertFalse(demo.codes().point(s.tag()).code().isEmpty(), s.tag());
        for (var h : demo.hazardSources()) assertFalse(demo.codes().sourceCode(h.id()).isEmpty(), h.id());
    }

    @Test
    void aReportedSiteNeedsItsEnterpriseSourceAndPointCodes() throws Exception {
        keyFile("appKey=hg-demo\nsecret=" + SECRET + "\nsm4Key=" + SM4 + "\n");
        Path gw = gateway(HTTP_UPLINK);

        site(null, "HS1", CODED_SENSORS);
        ConfigException e = fails(gw);
        assertTrue(e.file().endsWith("plant.yaml"), e.getMessage());
        assertEquals("enterprise.code", e.field());
        assertTrue(e.reason().contains("uplink 'province' reports site 'plant'"), e.getMessage());

        site("{code: E1}", null, CODED_SENSORS);
        e = fails(gw);
        assertEquals("hazardSources[0].code", e.field(), e.getMessage());

        site("{code: E1}", "HS1", CODED_SENSORS.replace(", code: P2", ""));
        e = fails(gw);
        assertEquals("sensors[1].code", e.field(), e.getMessage());
        assertTrue(e.reason().contains("requireCodes: false"), e.getMessage());

        // With requireCodes off, the uncoded point is simply not reported.
        Files.writeString(gw, Files.readString(gw).replace("    kind: http\n", "    kind: http\n    requireCodes: false\n"));
        assertFalse(ConfigLoader.load(gw).uplinks().get(0).requireCodes());
    }

    @Test
    void badCodesAreRefusedWhereTheyAre() throws Exception {
        Path gw = gateway("");
        site("{code: E1, creditCode: 9144030071526726XA}", "HS1", CODED_SENSORS);
        ConfigException e = fails(gw);
        assertEquals("enterprise.creditCode", e.field());
        assertTrue(e.reason().contains("check character is 'A' but the first 17 give 'G'"), e.getMessage());

        site("{code: E1, creditCode: 9144030071526726X}", "HS1", CODED_SENSORS);
        assertTrue(fails(gw).reason().contains("18-character"));

        site("{code: E1, region: \"37061\"}", "HS1", CODED_SENSORS);
        assertEquals("enterprise.region", fails(gw).field());

        site("{code: \"E 1\"}", "HS1", CODED_SENSORS);
        e = fails(gw);
        assertEquals("enterprise.code", e.field());
        assertTrue(e.reason().contains("may contain only"), e.getMessage());

        site("{code: E1}", "HS2", CODED_SENSORS);
        e = fails(gw);
        assertEquals("hazardSources[1].code", e.field());
        assertTrue(e.reason().contains("also hazard source TF1's"), e.getMessage());

        site("{code: E1}", "HS1", CODED_SENSORS.replace("code: P3", "code: P1"));
        e = fails(gw);
        assertEquals("sensors[2].code", e.field());
        assertTrue(e.reason().contains("also sensor LT-1's"), e.getMessage());

        site("{code: E1}", "HS1", CODED_SENSORS.replace("code: P3}", "code: P3, equipment: T-1}"));
        e = fails(gw);
        assertEquals("sensors[2].equipment", e.field());
        assertTrue(e.reason().contains("belongs to hazard source TF1"), e.getMessage());

        site("{code: E1}", "HS1", CODED_SENSORS.replace("equipment: T-1", "equipment: T-9"));
        assertEquals("sensors[0].equipment", fails(gw).field());

        site("{code: E1, colour: red}", "HS1", CODED_SENSORS);
        assertEquals("enterprise.colour", fails(gw).field());
    }

    @Test
    void keyFileMistakesNameTheFileAndTheKeyButNeverTheValue() throws Exception {
        site("{code: E1}", "HS1", CODED_SENSORS);
        Path gw = gateway(HTTP_UPLINK);

        keyFile("appKey=hg\nsecret=" + SECRET + "\nsm4Key=0011223344556677889900aabbccddeeff11\n");
        ConfigException e = fails(gw);
        assertTrue(e.file().endsWith("province.key"), e.getMessage());
        assertEquals("sm4Key", e.field());
        assertTrue(e.reason().contains("32 hex digits"), e.getMessage());
        assertFalse(e.getMessage().contains("0011223344"), "the key's value never appears: " + e.getMessage());

        keyFile("appKey=hg\nsecret=short\nsm4Key=" + SM4 + "\n");
        e = fails(gw);
        assertEquals("secret", e.field());
        assertFalse(e.getMessage().contains("short"), e.getMessage());

        keyFile("appKey=hg\nsecret=" + SECRET + "\nsm4key=" + SM4 + "\n");
        e = fails(gw);
        assertEquals("sm4key", e.field(), "a misspelt key is refused");
        assertFalse(e.getMessage().contains(SM4));

        keyFile("appKey=hg\nsecret=" + SECRET + "\n");
        e = fails(gw);
        assertEquals("uplinks[0].encryption", e.field());
        assertTrue(e.reason().contains("sm4Key"), e.getMessage());

        Files.delete(dir.resolve("province.key"));
        e = fails(gw);
        assertEquals("uplinks[0].keyFile", e.field());
        assertTrue(e.reason().contains("does not exist"), e.getMessage());
    }

    @Test
    void uplinkMistakesNameTheField() throws Exception {
        site("{code: E1}", "HS1", CODED_SENSORS);
        keyFile("appKey=hg\nsecret=" + SECRET + "\nsm4Key=" + SM4 + "\n");
        Object[][] cases = {
            {HTTP_UPLINK.replace("https://platform", "http://platform"), "uplinks[0].http.url", "plain http"},
            {HTTP_UPLINK.replace("kind: http", "kind: ftp"), "uplinks[0].kind", "http, mqtt"},
            {HTTP_UPLINK.replace("/realtime, alarm", "realtime, alarm"), "uplinks[0].http.paths.realtime", "must start with /"},
            {HTTP_UPLINK.replace("interval: 20s", "interval: 0s"), "uplinks[0].realtime.interval", "longer than 0"},
            {HTTP_UPLINK.replace("mode: interval, interval: 20s", "mode: change, interval: 20s"), "uplinks[0].realtime.interval", "applies to mode interval"},
            {HTTP_UPLINK.replace("    kind: http\n", "    kind: http\n    sites: [elsewhere]\n"), "uplinks[0].sites[0]", "unknown site 'elsewhere'"},
            {HTTP_UPLINK + "  - name: province\n    kind: mqtt\n    mqtt: {url: \"tcp://127.0.0.1:1883\", topics: {realtime: x}}\n",
                "uplinks[1].name", "configured twice"},
            {HTTP_UPLINK.replace("    kind: http\n", "    kind: http\n    zone: Mars/Olympus\n"), "uplinks[0].zone", "time zone"},
            {HTTP_UPLINK.replace("url: https://platform.example.gov.cn/access", "url: https://user:pw@platform.example.gov.cn/"),
                "uplinks[0].http.url", "credentials"},
        };
        for (Object[] c : cases) {
            Path gw = gateway((String) c[0]);
            ConfigException e = fails(gw);
            assertEquals(c[1], e.field(), e.getMessage());
            assertTrue(e.reason().contains((String) c[2]), e.getMessage());
            assertTrue(e.file().endsWith("gateway.yaml"), e.getMessage());
        }
    }

    @Test
    void anMqttBridgeLoadsWithTopicTemplates() throws Exception {
        site("{code: E1}", "HS1", CODED_SENSORS);
        Files.writeString(dir.resolve("broker.key"), "username=bridge\npassword=pw-123456\n");
        GatewayConfig c = ConfigLoader.load(gateway("uplinks:\n"
                + "  - name: city\n"
                + "    kind: mqtt\n"
                + "    keyFile: broker.key\n"
                + "    mqtt:\n"
                + "      url: tcp://127.0.0.1:1883\n"
                + "      clientId: hg-e1\n"
                + "      topics: {realtime: \"hazard/${enterprise.code}/realtime\", alarm: \"hazard/${enterprise.code}/alarm/${point.code}\"}\n"));
        UplinkSettings u = c.uplinks().get(0);
        assertEquals("tcp://127.0.0.1:1883", u.mqtt().url());
        assertEquals("bridge", u.keys().username());
        assertTrue(u.mqtt().topics().containsKey(MessageKind.HISTORY));
        assertFalse(u.sendStatistics(), "no statistics topic, so none are sent");

        Path gw = gateway("uplinks:\n  - name: city\n    kind: mqtt\n    mqtt:\n      url: tcp://127.0.0.1:1883\n"
                + "      topics: {alarm: \"hazard/${point.cod}/alarm\"}\n");
        ConfigException e = fails(gw);
        assertEquals("uplinks[0].mqtt.topics.alarm", e.field());
        assertTrue(e.reason().contains("unknown variable 'point.cod'"), e.getMessage());

        gw = gateway("uplinks:\n  - name: city\n    kind: mqtt\n    mqtt:\n      url: tcp://127.0.0.1:1883\n"
                + "      topics: {alarm: \"hazard/+/alarm\"}\n");
        assertTrue(fails(gw).reason().contains("wildcards"));

        gw = gateway("uplinks:\n  - name: city\n    kind: mqtt\n    mqtt:\n      url: tcp://platform.example:1883\n"
                + "      topics: {alarm: \"a\"}\n");
        assertTrue(fails(gw).reason().contains("plain MQTT"));
    }

    @Test
    void templateMistakesAreCaughtAtLoadWithTheirPlace() throws Exception {
        site("{code: E1}", "HS1", CODED_SENSORS);
        String base = "uplinks:\n  - name: p\n    kind: http\n    http: {url: \"http://127.0.0.1:9\", paths: {realtime: /r}}\n"
                + "    templates: t.yaml\n";
        Path gw = gateway(base);
        Object[][] cases = {
            {"realtime: {data: {$each: readings, $item: {v: \"${valu}\"}}}", "realtime.data.$item.v", "unknown variable 'valu'"},
            {"realtime: {data: {$each: reading, $item: {}}}", "realtime.data.$each", "unknown collection 'reading'"},
            {"realtime: {t: \"${message.sentAt|date:yyyy-bb}\"}", "realtime.t", "date pattern"},
            {"realtime: {t: \"${enterprise.code|seconds}\"}", "realtime.t", "applies to times"},
            {"realtime: {t: \"${message.backfill|map:flags}\"}", "realtime.t", "unknown map 'flags'"},
            {"realtime: {t: \"${message.id\"}", "realtime.t", "no closing"},
            {"realtime: {t: \"${message.id|upper}\"}", "realtime.t", "unknown format 'upper'"},
            {"realtime: {data: {$each: readings}}", "realtime.data.$item", "is required"},
            {"alarm: {a: 1}", "", ""},
        };
        for (Object[] c : cases) {
            Files.writeString(dir.resolve("t.yaml"), (String) c[0]);
            if (((String) c[1]).isEmpty()) {
                // an alarm template but no realtime one, while realtime has a path: refused at the path
                ConfigException e = fails(gw);
                assertEquals("uplinks[0].http.paths.realtime", e.field(), e.getMessage());
                continue;
            }
            ConfigException e = fails(gw);
            assertTrue(e.file().endsWith("t.yaml"), e.getMessage());
            assertEquals(c[1], e.field(), e.getMessage());
            assertTrue(e.reason().contains((String) c[2]), e.getMessage());
        }
    }

    @Test
    void aTemplateWritesThePlatformsShapeWithTypesFormatsAndRepeats() throws Exception {
        JsonNode yaml = ConfigLoader.yaml().readTree("""
                maps: {flag: {"true": 1, "false": 0}, colour: {red: "01", orange: "02", "*": "99"}}
                realtime:
                  qybm: "${enterprise.code}"
                  isHistory: "${message.backfill|map:flag}"
                  sendTime: "${message.sentAt|date:yyyy-MM-dd HH:mm:ss}"
                  note: "batch ${message.id} of ${enterprise.name}, $${literal}"
                  datas:
                    $each: readings
                    $item:
                      zbbm: "${point.code}"
                      ssz: "${value}"
                      sszText: "${value|fixed:2}"
                      cjsj: "${time|seconds}"
                      iso: "${time|iso}"
                      fixed: [1, true, null, "x"]
                alarm:
                  level: "${alarm.colour|map:colour}"
                  other: "${alarm.kind|map:colour}"
                """);
        Templates t = TemplateLoader.load(ConfigNode.root("t.yaml", yaml));
        TemplateRenderer r = new TemplateRenderer(t.maps(), ZoneId.of("Asia/Shanghai"));
        Context reading1 = name -> switch (name) {
            case "point.code" -> "P1";
            case "value" -> 12.5;
            case "time" -> Instant.parse("2024-05-01T00:00:20Z");
            default -> Context.ABSENT;
        };
        Context reading2 = name -> switch (name) {
            case "point.code" -> "P2";
            case "value" -> Double.NaN;
            case "time" -> Instant.parse("2024-05-01T00:00:40Z");
            default -> Context.ABSENT;
        };
        Context message = new Context() {
            @Override public Object value(String name) {
                return switch (name) {
                    case "enterprise.code" -> "E1";
                    case "enterprise.name" -> "演示化工";
                    case "message.backfill" -> true;
                    case "message.id" -> "m-7";
                    case "message.sentAt" -> Instant.parse("2024-05-01T00:01:00Z");
                    default -> Context.ABSENT;
                };
            }

            @Override public List<? extends Context> collection(String name) {
                return name.equals("readings") ? List.of(reading1, reading2) : List.of();
            }
        };
        JsonNode out = new ObjectMapper().readTree(r.json(t.body(MessageKind.REALTIME), message));
        assertEquals("E1", out.path("qybm").asText());
        assertEquals(1, out.path("isHistory").asInt());
        assertEquals("2024-05-01 08:01:00", out.path("sendTime").asText(), "in the uplink's zone");
        assertEquals("batch m-7 of 演示化工, ${literal}", out.path("note").asText());
        assertEquals(2, out.path("datas").size());
        JsonNode d0 = out.path("datas").get(0);
        assertTrue(d0.path("ssz").isNumber(), "a lone placeholder keeps its type");
        assertEquals(12.5, d0.path("ssz").asDouble());
        assertEquals("12.50", d0.path("sszText").asText());
        assertEquals(1714521620L, d0.path("cjsj").asLong());
        assertEquals("2024-05-01T08:00:20+08:00", d0.path("iso").asText());
        assertEquals("[1,true,null,\"x\"]", d0.path("fixed").toString());
        assertTrue(out.path("datas").get(1).path("ssz").isNull(), "a NaN is null");
        assertTrue(out.path("datas").get(1).path("sszText").isNull());

        Context alarm = name -> switch (name) {
            case "alarm.colour" -> "red";
            case "alarm.kind" -> "fault";
            default -> Context.ABSENT;
        };
        JsonNode a = new ObjectMapper().readTree(r.json(t.body(MessageKind.ALARM), alarm));
        assertEquals("01", a.path("level").asText());
        assertEquals("99", a.path("other").asText(), "'*' is the map's default");
        assertNull(t.body(MessageKind.BASIC));
        assertEquals(t.body(MessageKind.REALTIME), t.body(MessageKind.HISTORY), "history falls back to realtime");
    }

    @Test
    void theBuiltInTemplatesUseOnlyKnownNames() {
        Templates t = UplinkLoader.builtInTemplates();
        for (MessageKind k : MessageKind.values()) assertTrue(t.body(k) != null, k.wireName());
        assertTrue(TemplateVariables.body(MessageKind.STATISTICS).variables().containsKey("completeness"));
        assertEquals(LocalDate.class, LocalDate.parse("2024-05-01").getClass());
    }
}
