package io.hazardgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.response.DutyRoster;
import io.hazardgate.config.response.NotifyRoute;
import io.hazardgate.config.response.ResponseSettings;
import io.hazardgate.testing.Configs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The response file: what it accepts, and errors that name the file, the field and the reason. */
class ResponseConfigTest {
    static final String PEOPLE = """
            people:
              - {id: wang, name: 王健 Wang Jian, email: wang@plant.test, phone: "+8613800000001", user: duty}
              - {id: li, name: 李娜 Li Na, email: li@plant.test, phone: "+8613800000002"}
              - {id: zhao, name: 赵磊 Zhao Lei, email: zhao@plant.test, phone: "+8613800000003"}
              - {id: chen, name: 陈华 Chen Hua, email: chen@plant.test, phone: "+8613800000004"}
              - {id: sun, name: 孙梅 Sun Mei, email: sun@plant.test, phone: "+8613800000005"}
              - {id: zhou, name: 周斌 Zhou Bin, email: zhou@plant.test, phone: "+8613800000006"}
            """;
    static final String CHANNELS = """
            channels:
              mail: {type: smtp, host: smtp.plant.test, username: alarms, passwordEnv: SMTP_PASSWORD, from: alarms@plant.test}
              sms: {type: sms, url: "https://sms.plant.test/send", secretFile: sms.key, body: '{"to":"{phone}","text":"{text}"}'}
              ops: {type: webhook, url: "https://ops.plant.test/hook", secret: inline-webhook-key}
            """;
    static final String ROSTER = """
            rosters:
              - {site: demo, zone: Asia/Shanghai, shifts: [{name: day, from: "08:00", to: "20:00", people: [wang]},
                                                          {name: night, from: "20:00", to: "08:00", people: [li]}]}
            """;
    static final String ROUTES = """
            routes:
              - {name: red, match: {colour: red}, notify: [principal, technical, operational, duty], via: [mail, sms], systems: [ops]}
              - {match: {kind: [fault, no_data]}, notify: [maintenance], via: [mail]}
            teams: {maintenance: [zhou]}
            """;

    @TempDir Path dir;

    ResponseSettings load(String yaml) throws IOException {
        Files.writeString(dir.resolve("sms.key"), "file-sms-key\n");
        Path f = dir.resolve("response.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.loadResponse(f, Configs.gateway().sites(), Map.of("SMTP_PASSWORD", "env-smtp-password")::get);
    }

    @Test
    void readsPeopleRostersRoutesAndChannelsWithSecretsFromFileAndEnvironment() throws IOException {
        ResponseSettings s = load(PEOPLE + CHANNELS + ROSTER + ROUTES);
        assertEquals("zh", s.language());
        assertEquals("env-smtp-password", s.channels().get("mail").password().reveal());
        assertEquals("file-sms-key", s.channels().get("sms").secret().reveal());
        assertEquals(587, s.channels().get("mail").port(), "STARTTLS on the submission port by default");
        assertEquals("starttls", s.channels().get("mail").security());
        NotifyRoute red = s.route("alarm", "demo", "TF1", "red", "threshold");
        assertEquals("red", red.name());
        assertEquals("route-2", s.route("alarm", "demo", "TF1", "grey", "fault").name());
        assertEquals(null, s.route("alarm", "demo", "TF1", "yellow", "threshold"), "nothing routes yellow here");
        DutyRoster roster = s.roster("demo");
        assertEquals("night", roster.shiftAt(Instant.parse("2025-03-01T13:00:00Z")).name(), "21:00 in Shanghai");
        assertEquals("day", roster.shiftAt(Instant.parse("2025-03-01T01:00:00Z")).name(), "09:00 in Shanghai");
        assertEquals(LocalTime.of(8, 0), roster.nextChange(Instant.parse("2025-03-01T13:00:00Z")).toLocalTime());
        assertEquals("wang", s.personNamed("王健 Wang Jian").id(), "site files name people by name");
    }

    @Test
    void secretsNeverShowInTheSettingsOrInErrors() throws IOException {
        ResponseSettings s = load(PEOPLE + CHANNELS + ROSTER + ROUTES);
        String printed = s.toString();
        for (String secret : List.of("env-smtp-password", "file-sms-key", "inline-webhook-key")) {
            assertFalse(printed.contains(secret), "printed settings show " + secret);
        }
        ConfigException e = assertThrows(ConfigException.class, () -> load(PEOPLE + CHANNELS.replace("passwordEnv: SMTP_PASSWORD",
                "password: hunter2-smtp, passwordEnv: SMTP_PASSWORD") + ROSTER + ROUTES));
        assertFalse(e.getMessage().contains("hunter2-smtp"), e.getMessage());
        assertTrue(e.getMessage().endsWith("channels.mail.password: give one of password, passwordFile and passwordEnv"), e.getMessage());
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "routes:\\n  - {match: {colour: purple}, notify: [duty], via: [mail]} | routes[0].match.colour | must be one of blue, grey, orange, red, yellow, got 'purple'",
        "routes:\\n  - {notify: [mayor], via: [mail]}                       | routes[0].notify[0]   | 'mayor' is neither a role (duty, operational, principal, supervisor, technical), a team nor a person",
        "routes:\\n  - {notify: [duty], via: [fax]}                         | routes[0].via[0]      | unknown channel 'fax' (channels: mail, ops, sms)",
        "routes:\\n  - {notify: [duty], via: [ops]}                         | routes[0].via[0]      | channel ops is for systems (webhook); list it under systems",
        "routes:\\n  - {notify: [duty]}                                     | routes[0].via         | is required: the channels that tell the people in notify",
        "routes:\\n  - {match: {site: nowhere}, systems: [ops]}             | routes[0].match.site  | must be one of demo, got 'nowhere'",
    })
    void routeErrorsNameTheField(String routes, String field, String reason) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(PEOPLE + CHANNELS + ROSTER + routes.replace("\\n", "\n")));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(reason, e.reason());
        assertTrue(e.file().endsWith("response.yaml"));
    }

    @Test
    void everyoneARouteCanReachNeedsAnAddressOnItsChannels() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(PEOPLE.replace(", phone: \"+8613800000003\"", "")
                + CHANNELS + ROSTER + ROUTES));
        assertEquals("routes[0].via", e.field());
        assertEquals("channel sms needs a phone number for zhao (赵磊 Zhao Lei), whom this route can reach", e.reason());
    }

    @Test
    void everyResponsiblePersonOfTheSitesMustBeReachable() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(PEOPLE.replace("name: 王健 Wang Jian", "name: Wang J.")
                + CHANNELS + ROSTER + ROUTES));
        assertEquals("people", e.field());
        assertEquals("site demo, hazard source TF1 names principal '王健 Wang Jian', who is not among people (match by id or name)", e.reason());
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "[{name: day, from: \"08:00\", to: \"20:00\", people: [wang]}]                                                | rosters[0].shifts | leave 00:00 without anyone on duty: shifts must cover the whole day",
        "[{name: a, from: \"08:00\", to: \"21:00\", people: [wang]}, {name: b, from: \"20:00\", to: \"08:00\", people: [li]}] | rosters[0].shifts | overlap at 20:00: one shift at a time",
        "[{name: a, from: \"8am\", to: \"20:00\", people: [wang]}]                                                    | rosters[0].shifts[0].from | must be a time of day like 08:00, got '8am'",
        "[{name: a, from: \"00:00\", to: \"00:00\", people: [nobody]}]                                                | rosters[0].shifts[0].people[0] | unknown person 'nobody'",
    })
    void rosterErrorsNameTheField(String shifts, String field, String reason) {
        String roster = "rosters:\n  - {site: demo, shifts: " + shifts + "}\n";
        ConfigException e = assertThrows(ConfigException.class, () -> load(PEOPLE + CHANNELS + roster + ROUTES));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(reason, e.reason());
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`  - {id: x, email: \"a@b.c, evil@x.test\"}`     | people[6].email | is not an e-mail address: 'a@b.c, evil@x.test'",
        "`  - {id: x, phone: \"call me\"}`                 | people[6].phone | must be a phone number (digits, an optional leading +, spaces or dashes), got 'call me'",
        "`  - {id: duty}`                                  | people[6].id    | 'duty' is a role; choose another id",
        "`  - {id: wang}`                                  | people[6].id    | duplicate person 'wang'",
    })
    void personErrorsNameTheField(String person, String field, String reason) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(PEOPLE + person + "\n" + CHANNELS + ROSTER + ROUTES));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(reason, e.reason());
    }

    @Test
    void anAddressCannotSmuggleMailHeaders() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(PEOPLE + "  - {id: x, email: \"a@b.c\\nBcc: evil@x.test\"}\n"
                + CHANNELS + ROSTER + ROUTES));
        assertEquals("people[6].email", e.field());
        assertTrue(e.reason().startsWith("is not an e-mail address"), e.reason());
    }

    @Test
    void channelErrorsNameTheField() {
        ConfigException noEnv = assertThrows(ConfigException.class, () -> {
            Path f = dir.resolve("r.yaml");
            Files.writeString(f, PEOPLE + CHANNELS + ROSTER + ROUTES);
            ConfigLoader.loadResponse(f, Configs.gateway().sites(), name -> null);
        });
        assertEquals("channels.mail.passwordEnv", noEnv.field());
        assertEquals("environment variable SMTP_PASSWORD is not set", noEnv.reason());
        ConfigException url = assertThrows(ConfigException.class, () -> load(PEOPLE + CHANNELS.replace("https://ops.plant.test/hook", "ftp://x")
                + ROSTER + ROUTES));
        assertEquals("channels.ops.url", url.field());
        ConfigException header = assertThrows(ConfigException.class, () -> load(PEOPLE + CHANNELS.replace("secretFile: sms.key,",
                "secretFile: sms.key, headers: {X-Key: \"a\\r\\nX-Evil: 1\"},") + ROSTER + ROUTES));
        assertEquals("channels.sms.headers.X-Key", header.field());
        assertEquals("must be one line", header.reason());
    }

    @Test
    void theShippedExampleIsValid() {
        Map<String, String> env = Map.of("HG_SMTP_PASSWORD", "p", "HG_SMS_KEY", "s", "HG_VOICE_KEY", "v", "HG_OPS_KEY", "o");
        ResponseSettings s = ConfigLoader.loadResponse(Configs.configDir().resolve("response.yaml"), Configs.gateway().sites(), env::get);
        assertEquals(5, s.routes().size());
        assertEquals("red", s.route("alarm", "demo", "TF1", "red", "threshold").name());
        assertEquals("faults", s.route("alarm", "demo", "TD1", "grey", "no_data").name());
    }

    @Test
    void theGatewayFileNamesTheResponseFile() throws IOException {
        Path shipped = Configs.configDir();
        String gateway = Files.readString(shipped.resolve("gateway.yaml")).replace("  - demo-plant.yaml", "  - " + shipped.resolve("demo-plant.yaml"))
                + "\nresponse: response.yaml\n";
        Files.writeString(dir.resolve("gateway.yaml"), gateway);
        Files.writeString(dir.resolve("response.yaml"), PEOPLE + CHANNELS.replace("passwordEnv: SMTP_PASSWORD", "password: x") + ROSTER + ROUTES);
        Files.writeString(dir.resolve("sms.key"), "k");
        GatewayConfig c = ConfigLoader.load(dir.resolve("gateway.yaml"));
        assertEquals(2, c.response().routes().size());
        Files.writeString(dir.resolve("response.yaml"), "people: 5\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gateway.yaml")));
        assertTrue(e.file().endsWith("response.yaml"), e.getMessage());
        assertEquals("people", e.field());
        assertEquals("must be a list, got 5", e.reason());
    }
}
