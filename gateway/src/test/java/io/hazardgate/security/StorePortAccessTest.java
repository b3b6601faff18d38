package io.hazardgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.Gateway;
import io.hazardgate.config.Listener;
import io.hazardgate.store.questdb.EmbeddedQuestDb;
import io.hazardgate.store.questdb.QuestDbSql;
import io.hazardgate.store.questdb.StoreCredentials;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.RawHttp;
import io.hazardgate.testing.TestGateway;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded QuestDB's HTTP port as a web page open on the operator's PC would use it: the browser
 * sends a cross-origin GET or a "simple" POST without asking anyone (no CORS preflight), so whatever the
 * port does without credentials, any page can do. Records must not be changeable that way, while the
 * gateway's own writer and the API's history keep working.
 */
class StorePortAccessTest {
    @TempDir Path data;

    /** The headers Chromium adds to {@code fetch(url, {mode: 'no-cors'})} from a page on another site. */
    private static final String[] CROSS_SITE = {
        "Origin", "http://attacker.example", "Referer", "http://attacker.example/", "Sec-Fetch-Site", "cross-site",
        "Sec-Fetch-Mode", "no-cors", "Sec-Fetch-Dest", "empty",
        "User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0 Safari/537.36"};

    @Test
    void aCrossOriginPageCanNeitherDropNorWriteRecordsThroughTheStorePort() throws Exception {
        try (Gateway gateway = TestGateway.start(data)) {
            int store = gateway.storePort();
            QuestDbSql own = gateway.store().sql().orElseThrow();
            try (Mqtt.Client dtu = Mqtt.connect(gateway.mqttPort(), "store-dtu")) {
                dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
            }
            awaitCount(own, "select count() from alarm_event where tag = 'GT-101'", 1);

            try (RawHttp page = new RawHttp(store)) {
                RawHttp.Response drop = page.exchange("GET", "/exec?query="
                        + URLEncoder.encode("drop table alarm_event", StandardCharsets.UTF_8), null,
                        with("Host", "127.0.0.1:" + store, "Accept", "*/*"));
                assertEquals(401, drop.status(), "DROP TABLE without credentials: " + drop.body());
            }
            try (RawHttp page = new RawHttp(store)) {
                String forged = "reading,site=demo,source=TF1,tag=GT-101,type=combustible_gas,unit=%LEL value=0,quality=0i "
                        + System.currentTimeMillis() * 1_000_000L + "\n";
                RawHttp.Response write = page.exchange("POST", "/write", forged,
                        with("Host", "127.0.0.1:" + store, "Content-Type", "text/plain;charset=UTF-8"));
                assertEquals(401, write.status(), "a line-protocol write without credentials: " + write.body());
            }
            try (RawHttp page = new RawHttp(store)) {
                RawHttp.Response update = page.exchange("GET", "/exec?query="
                        + URLEncoder.encode("update reading set value = 0", StandardCharsets.UTF_8), null,
                        with("Host", "127.0.0.1:" + store));
                assertEquals(401, update.status(), "UPDATE without credentials: " + update.body());
            }

            assertEquals(1, own.queryLong("select count() from alarm_event where tag = 'GT-101'"), "the alarm record is still there");
            assertEquals(0, own.queryLong("select count() from reading where tag = 'GT-101' and value = 0"), "no forged reading");

            // the gateway itself still writes, and the API's history still reads the store
            try (Mqtt.Client dtu = Mqtt.connect(gateway.mqttPort(), "store-dtu-2")) {
                dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"TT-101\",\"value\":21}]}", 1);
            }
            awaitCount(own, "select count() from reading where tag = 'TT-101'", 1);
            var history = Http.get("http://127.0.0.1:" + gateway.httpPort() + "/api/alarms/history?site=demo&tag=GT-101");
            assertEquals(200, history.statusCode(), history.body());
            assertTrue(history.body().contains("GT-101"), history.body());
        }
    }

    @Test
    void theGeneratedLoginIsKeptForTheGatewaysUserOnlyAndReusedAfterARestart() throws Exception {
        String first;
        try (Gateway gateway = TestGateway.start(data)) {
            first = gateway.storeCredentials();
        }
        Path file = data.resolve(StoreCredentials.FILE_NAME);
        assertEquals(first, Files.readString(file).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Gateway gateway = TestGateway.start(data)) {
            assertEquals(first, gateway.storeCredentials(), "integrators configured with it keep working");
            assertTrue(gateway.describe().contains(file.toString()), "the start-up output says where it is");
        }
    }

    @Test
    void anEmbeddedStoreBeyondLoopbackWithoutALoginRefusesToStart() {
        IOException e = assertThrows(IOException.class,
                () -> EmbeddedQuestDb.start(data.resolve("questdb"), new Listener("0.0.0.0", 0), null));
        assertTrue(e.getMessage().contains("without credentials"), e.getMessage());
    }

    private static String[] with(String... first) {
        String[] all = new String[first.length + CROSS_SITE.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(CROSS_SITE, 0, all, first.length, CROSS_SITE.length);
        return all;
    }

    private static void awaitCount(QuestDbSql sql, String query, long expected) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long n = -1;
        while (System.nanoTime() < deadline) {
            try {
                n = sql.queryLong(query);
            } catch (java.io.IOException e) {
                n = -1; // the table is created with the first rows
            }
            if (n == expected) return;
            Thread.sleep(100);
        }
        assertEquals(expected, n, query);
    }
}
