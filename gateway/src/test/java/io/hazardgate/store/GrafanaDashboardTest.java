package io.hazardgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in docs/grafana against the default store: its SQL panels run over the embedded
 * QuestDB's PostgreSQL wire (store.embedded.pgPort) as Grafana runs them, with its macros expanded, and
 * answer what was published; its Prometheus panels name meters that /metrics serves. The wire is
 * read-only and wants the generated login.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "hazardgate-dashboard.json");

    private Gateway gateway;
    private String user;
    private String password;
    private long from;

    @BeforeAll
    void start(@TempDir Path data) throws Exception {
        gateway = Gateway.start(TestGateway.config(data).withStorePgPort(0), Clock.systemUTC());
        String[] login = gateway.storeCredentials().split(":", 2);
        user = login[0];
        password = login[1];
        from = System.currentTimeMillis() - 60_000;
        try (Mqtt.Client logger = Mqtt.connect(gateway.mqttPort(), "dtu-tf1")) {
            logger.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":12.5}]}", 1);
            logger.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
        }
        Http.awaitCount(gateway.storePort(), gateway.storeCredentials(), "select count() from alarm_event where tag = 'GT-101'", 1);
        Http.awaitCount(gateway.storePort(), gateway.storeCredentials(), "select count() from reading where tag = 'GT-101'", 2);
    }

    @AfterAll
    void stop() {
        if (gateway != null) gateway.close();
    }

    private Connection connect(String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("sslmode", "disable");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + gateway.storePgPort() + "/qdb", p);
    }

    @Test
    void everySqlPanelAnswersOverThePostgresWireAsGrafanaAsksIt() throws Exception {
        assertTrue(gateway.describe().contains("  pg     127.0.0.1:" + gateway.storePgPort()), gateway.describe());
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        List<String> titles = new ArrayList<>();
        try (Connection c = connect(password); Statement st = c.createStatement()) {
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    if (!target.has("rawSql")) continue;
                    titles.add(panel.path("title").asText());
                    String sql = grafana(target.path("rawSql").asText());
                    int rows = 0;
                    try (ResultSet rs = st.executeQuery(sql)) {
                        while (rs.next()) rows++;
                    }
                    assertTrue(rows > 0, panel.path("title").asText() + " found nothing: " + sql);
                }
            }
        }
        assertEquals(List.of("Readings of $tag (QuestDB)", "Alarms raised, by colour (QuestDB)", "Alarm journal (QuestDB)"), titles);
    }

    /** What Grafana's PostgreSQL data source does to a query before sending it, for the last hour and GT-101. */
    private String grafana(String sql) {
        Instant to = Instant.ofEpochMilli(System.currentTimeMillis() + 60_000);
        return sql.replaceAll("\\$__timeFilter\\((\\w+)\\)", "$1 BETWEEN '" + Instant.ofEpochMilli(from) + "' AND '" + to + "'")
                .replace("${__interval_ms}", "1000").replace("$site", "demo").replace("$tag", "GT-101");
    }

    @Test
    void theWireIsReadOnlyAndWantsTheGeneratedLogin() throws Exception {
        assertThrows(SQLException.class, () -> connect(password + "x").close(), "a wrong password");
        assertThrows(SQLException.class, () -> connect("quest").close(), "QuestDB's well-known default");
        try (Connection c = connect(password); Statement st = c.createStatement()) {
            assertThrows(SQLException.class, () -> st.execute("drop table reading"));
            assertThrows(SQLException.class, () -> st.execute("insert into reading (site, tag, value, timestamp) values ('demo', 'GT-101', 99.0, now())"));
        }
        assertEquals(2, Http.count(gateway.storePort(), gateway.storeCredentials(), "select count() from reading where tag = 'GT-101'"),
                "nothing changed through the wire");
    }

    @Test
    void everyMeterThePrometheusPanelsNameIsServed() throws Exception {
        String dashboard = Files.readString(DASHBOARD);
        Set<String> named = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\b((?:hazardgate|jvm)_[a-z0-9_]+)").matcher(dashboard);
        while (m.find()) named.add(m.group(1));
        assertFalse(named.isEmpty());
        String metrics = Http.get("http://127.0.0.1:" + gateway.httpPort() + "/metrics").body();
        Set<String> served = new LinkedHashSet<>();
        for (String line : metrics.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            int end = line.indexOf('{');
            if (end < 0) end = line.indexOf(' ');
            served.add(line.substring(0, end));
        }
        List<String> missing = named.stream().filter(n -> !served.contains(n)).toList();
        assertEquals(List.of(), missing, "meters the dashboard names that /metrics does not serve");
    }
}
