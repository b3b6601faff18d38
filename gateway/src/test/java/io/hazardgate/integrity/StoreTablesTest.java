package io.hazardgate.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.testing.DemoGateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store's tables are the gateway's: dropped under it, a table comes back with the schema the
 * gateway gives it (WAL, deduplication of replays, retention), nothing written after the drop is lost,
 * and {@code /ready} says the schema was changed under the gateway.
 */
class StoreTablesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension static final DemoGateway demo = new DemoGateway();

    @Test
    void aDroppedReadingTableIsRecreatedWithItsSchemaAndTheNextReadingsAreNotLost() throws Exception {
        int store = demo.gateway().storePort();
        try (Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "dtu-tf1")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"TT-101\",\"value\":20}]}", 1);
            assertEquals(1, Http.awaitCount(store, demo.gateway().storeCredentials(), "select count() from reading where tag = 'TT-101'", 1));

            Http.sql(store, demo.gateway().storeCredentials(), "DROP TABLE reading");
            for (int i = 0; i < 5; i++) {
                dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"TT-101\",\"value\":" + (21 + i) + "}]}", 1);
                Thread.sleep(300); // each in a batch of its own: the first after the drop is the one a store loses
            }
        }
        assertEquals(5, Http.awaitCount(store, demo.gateway().storeCredentials(), "select count() from reading where tag = 'TT-101'", 5),
                "every reading written after the drop is in the table");
        JsonNode table = table(store, demo.gateway().storeCredentials(), "reading");
        assertTrue(table.get("walEnabled").asBoolean(), "WAL: " + table);
        assertTrue(table.get("dedup").asBoolean(), "deduplication of replays: " + table);
        assertEquals(30, table.get("ttlValue").asInt(), "retention: " + table);
        assertEquals("DAY", table.get("partitionBy").asText());

        JsonNode ready = JSON.readTree(Http.get(demo.httpBase() + "/ready").body());
        JsonNode schema = null;
        for (JsonNode c : ready.get("checks")) if (c.get("name").asText().equals("store-schema")) schema = c;
        assertTrue(schema != null && schema.get("detail").asText().contains("reading"), ready.toString());
        assertTrue(schema.get("detail").asText().contains("dropped"), ready.toString());
    }

    @Test
    void deduplicationSwitchedOffUnderTheGatewayIsSwitchedBackOnAndReported() throws Exception {
        int store = demo.gateway().storePort();
        Http.sql(store, demo.gateway().storeCredentials(), "ALTER TABLE alarm_event DEDUP DISABLE");
        try (Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "dtu-tf1")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"PT-101\",\"value\":3}]}", 1);
        }
        assertEquals(1, Http.awaitCount(store, demo.gateway().storeCredentials(), "select count() from alarm_event where tag = 'PT-101'", 1));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!table(store, demo.gateway().storeCredentials(), "alarm_event").get("dedup").asBoolean() && System.nanoTime() < deadline) Thread.sleep(100);
        assertTrue(table(store, demo.gateway().storeCredentials(), "alarm_event").get("dedup").asBoolean(), "the writer restored its deduplication keys");
        assertTrue(Http.metric(demo.gateway().httpPort(), "hazardgate_store_schema_changes_total") >= 1);
    }

    /** The row of {@code tables()} for one table, as an object by column name. */
    static JsonNode table(int store, String credentials, String name) throws Exception {
        JsonNode r = JSON.readTree(Http.sql(store, credentials, "tables()"));
        com.fasterxml.jackson.databind.node.ObjectNode out = JSON.createObjectNode();
        for (JsonNode row : r.get("dataset")) {
            if (!row.get(1).asText().equals(name)) continue;
            for (int i = 0; i < r.get("columns").size(); i++) out.set(r.get("columns").get(i).get("name").asText(), row.get(i));
        }
        return out;
    }
}
