package io.hazardgate.security;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.mqtt.RawMqttClient;
import io.hazardgate.mqtt.TestServers;
import io.hazardgate.testing.AccountsConfig;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** An operator's comment cannot forge lines of the audit log. */
class AuditLogTest {
    @TempDir Path dir;

    @Test
    void aCommentWithLineBreaksAndControlCharactersStaysOnItsOwnAuditLine() throws Exception {
        ListAppender<ILoggingEvent> audit = new ListAppender<>();
        audit.start();
        Logger logger = (Logger) LoggerFactory.getLogger("io.hazardgate.audit");
        logger.addAppender(audit);
        try (Gateway gateway = Gateway.start(AccountsConfig.write(dir, ""), Clock.systemUTC());
             RawMqttClient dtu = new RawMqttClient(gateway.mqttPort())) {
            dtu.send(RawMqttClient.connect311("audit-dtu", 60, true, "dtu-tf1", AccountsConfig.password("dtu-tf1")));
            assertEquals(0, dtu.read(WAIT).body()[1]);
            dtu.send(RawMqttClient.publish("plant/demo/dtu-tf1/telemetry", 1, 1,
                    "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}".getBytes(StandardCharsets.UTF_8)));
            dtu.readUntil(4, WAIT);
            String base = "http://127.0.0.1:" + gateway.httpPort();
            String[] id = new String[1];
            Await.until("the gas alarm is active", () -> {
                try {
                    JsonNode alarms = new ObjectMapper().readTree(Http.get(base + "/api/alarms?tag=GT-101").body());
                    if (alarms.size() == 0) return false;
                    id[0] = alarms.get(0).get("id").asText();
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });

            String forged = "leak isolated\r\n2026-01-01 08:00:00.000 INFO  io.hazardgate.audit - alarm X acknowledged by admin: all clear\u001b[2K\u0007";
            String body = "{\"comment\":" + new ObjectMapper().writeValueAsString(forged) + "}";
            try (RawHttp c = new RawHttp(gateway.httpPort())) {
                RawHttp.Response r = c.exchange("POST", "/api/alarms/" + id[0] + "/ack", body,
                        "Authorization", RawHttp.basic("duty", AccountsConfig.password("duty")), "Content-Type", "application/json");
                assertEquals(200, r.status(), r.body());
            }
            List<String> lines = audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, lines.size(), lines.toString());
            String line = lines.get(0);
            assertTrue(line.contains("acknowledged by duty"), line);
            for (char ch : line.toCharArray()) {
                assertFalse(ch < 0x20 || ch == 0x7f, "control character " + (int) ch + " in the audit line: " + line);
            }
            assertTrue(line.contains("\\r\\n") && line.contains("\\u001b") && line.contains("\\u0007"),
                    "the comment's control characters are kept, escaped: " + line);
        } finally {
            logger.detachAppender(audit);
        }
    }
}
