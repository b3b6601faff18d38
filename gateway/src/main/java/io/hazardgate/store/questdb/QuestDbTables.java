package io.hazardgate.store.questdb;

import com.fasterxml.jackson.databind.JsonNode;
import io.hazardgate.store.writer.AlarmLineEncoder;
import io.hazardgate.store.writer.DeliveryLineEncoder;
import io.hazardgate.store.writer.SensorCatalog;
import io.hazardgate.store.writer.TableGuard;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three tables in QuestDB, as the gateway creates them before anything is written, with what line
 * protocol cannot ask for: a designated timestamp partitioned by day, WAL, a TTL equal to the configured
 * retention, and deduplication keys that make a replay of the log idempotent — a reading is one row per
 * (timestamp, site, tag), an alarm event one row per (timestamp, site, tag, id, seq), a notification's
 * delivery attempt one row per (timestamp, site, notice, attempt).
 *
 * <p>And kept so ({@link TableGuard}): after each write the writer asks {@link #check()}, which finds a
 * table dropped or replaced under the gateway (its id changed) and recreates it, so the write is made
 * again into a table that deduplicates; switches deduplication back on and the TTL back to the
 * retention; and reports what it cannot repair (a table without WAL, partitioned otherwise) until it
 * is fixed. The embedded QuestDB runs with table auto-create off, so a write can never create a table
 * without this schema.
 */
public final class QuestDbTables implements TableGuard {
    private static final Logger LOG = LoggerFactory.getLogger(QuestDbTables.class);
    private static final String[] TABLES = {SensorCatalog.MEASUREMENT, AlarmLineEncoder.MEASUREMENT, DeliveryLineEncoder.MEASUREMENT};

    private final QuestDbSql sql;
    private final long ttlDays;
    private final Clock clock;
    private final Counter changes;
    /** QuestDB's id of each table as last seen. */
    private final Map<String, Long> ids = new HashMap<>();
    private volatile long generation;
    private volatile List<String> unrepaired = List.of();
    private volatile String lastChange;

    /** @param changes counts each change found under the gateway */
    public QuestDbTables(QuestDbSql sql, Duration retention, Clock clock, Counter changes) {
        this.sql = sql;
        this.ttlDays = Math.max(1, (retention.toHours() + 23) / 24);
        this.clock = clock;
        this.changes = changes;
    }

    /** Creates the tables if missing and applies the retention; on every start. */
    public synchronized void apply() throws IOException {
        for (String table : TABLES) sql.exec(create(table));
        // columns added in a later release: a table an earlier one created gets them (its old rows read null)
        sql.exec("ALTER TABLE " + AlarmLineEncoder.MEASUREMENT + " ADD COLUMN IF NOT EXISTS limitName VARCHAR");
        sql.exec("ALTER TABLE " + AlarmLineEncoder.MEASUREMENT + " ADD COLUMN IF NOT EXISTS raisedTs LONG");
        for (String table : TABLES) sql.exec("ALTER TABLE " + table + " SET TTL " + ttlDays + " DAYS");
        inspect(false);
    }

    @Override
    public long generation() { return generation; }

    @Override
    public synchronized void check() {
        try {
            inspect(true);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot check the store's tables: {}", e.toString());
        }
    }

    /** What is wrong with the tables and could not be repaired; empty when they are as the gateway made them. */
    public List<String> unrepaired() { return unrepaired; }

    /** The last change found under the gateway and what was done, or null when none since start. */
    public String lastChange() { return lastChange; }

    private void inspect(boolean repair) throws IOException {
        Map<String, JsonNode> found = tables();
        List<String> problems = new ArrayList<>();
        for (String table : TABLES) {
            JsonNode t = found.get(table);
            if (t == null) {
                if (!repair) throw new IOException("table " + table + " is missing right after it was created");
                sql.exec(create(table));
                changed(table, "table '" + table + "' was dropped under the gateway; recreated with its schema, the "
                        + "writes around the drop are made again");
                continue;
            }
            long id = t.path("id").asLong();
            Long known = ids.put(table, id);
            if (known != null && known != id) {
                changed(table, "table '" + table + "' was replaced under the gateway; the writes around it are made again");
            }
            if (!t.path("dedup").asBoolean()) {
                sql.exec("ALTER TABLE " + table + " DEDUP ENABLE UPSERT KEYS(" + dedupKeys(table) + ")");
                changed(null, "deduplication of table '" + table + "' was switched off under the gateway; switched on again");
            }
            if (t.path("ttlValue").asLong() != ttlDays || !"DAY".equals(t.path("ttlUnit").asText())) {
                sql.exec("ALTER TABLE " + table + " SET TTL " + ttlDays + " DAYS");
                changed(null, "retention of table '" + table + "' was changed under the gateway to " + t.path("ttlValue").asText()
                        + " " + t.path("ttlUnit").asText() + "; set to " + ttlDays + " days again");
            }
            if (!t.path("walEnabled").asBoolean()) problems.add("table '" + table + "' has no WAL");
            if (!"DAY".equals(t.path("partitionBy").asText())) {
                problems.add("table '" + table + "' is partitioned by " + t.path("partitionBy").asText() + ", not by day");
            }
            if (!"timestamp".equals(t.path("designatedTimestamp").asText())) problems.add("table '" + table + "' has no designated timestamp");
        }
        if (!problems.equals(unrepaired)) {
            if (!problems.isEmpty()) {
                LOG.error("The store's tables were changed under the gateway and cannot be repaired in place: {}. Drop "
                        + "them (after saving their rows) and restart, and they are created as they must be", problems);
            }
            unrepaired = List.copyOf(problems);
        }
    }

    private void changed(String table, String what) throws IOException {
        changes.increment();
        lastChange = what + " (" + Instant.ofEpochMilli(clock.millis()) + ")";
        LOG.warn("{}", what);
        if (table != null) {
            ids.remove(table);
            Map<String, JsonNode> now = tables();
            if (now.containsKey(table)) ids.put(table, now.get(table).path("id").asLong());
            generation++;
        }
    }

    /** {@code tables()} rows by name, each as an object keyed by column name. */
    private Map<String, JsonNode> tables() throws IOException {
        JsonNode r = sql.exec("tables()");
        JsonNode columns = r.path("columns");
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode row : r.path("dataset")) {
            com.fasterxml.jackson.databind.node.ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < columns.size() && i < row.size(); i++) o.set(columns.get(i).path("name").asText(), row.get(i));
            out.put(o.path("table_name").asText(), o);
        }
        return out;
    }

    private static String dedupKeys(String table) {
        if (table.equals(SensorCatalog.MEASUREMENT)) return "timestamp, site, tag";
        if (table.equals(DeliveryLineEncoder.MEASUREMENT)) return "timestamp, site, notice, attempt";
        return "timestamp, site, tag, id, seq";
    }

    private String create(String table) {
        if (table.equals(SensorCatalog.MEASUREMENT)) {
            return "CREATE TABLE IF NOT EXISTS " + SensorCatalog.MEASUREMENT + " ("
                    + "site SYMBOL, source SYMBOL, tag SYMBOL, type SYMBOL, unit SYMBOL, "
                    + "value DOUBLE, quality LONG, timestamp TIMESTAMP"
                    + ") TIMESTAMP(timestamp) PARTITION BY DAY TTL " + ttlDays + " DAYS WAL "
                    + "DEDUP UPSERT KEYS(" + dedupKeys(table) + ")";
        }
        if (table.equals(DeliveryLineEncoder.MEASUREMENT)) {
            return "CREATE TABLE IF NOT EXISTS " + DeliveryLineEncoder.MEASUREMENT + " ("
                    + "site SYMBOL, source SYMBOL, tag SYMBOL, channel SYMBOL, outcome SYMBOL, alarm VARCHAR, notice LONG, message LONG, "
                    + "attempt LONG, cause VARCHAR, colour VARCHAR, recipient VARCHAR, reason VARCHAR, detail VARCHAR, timestamp TIMESTAMP_NS"
                    + ") TIMESTAMP(timestamp) PARTITION BY DAY TTL " + ttlDays + " DAYS WAL "
                    + "DEDUP UPSERT KEYS(" + dedupKeys(table) + ")";
        }
        return "CREATE TABLE IF NOT EXISTS " + AlarmLineEncoder.MEASUREMENT + " ("
                + "site SYMBOL, source SYMBOL, tag SYMBOL, rule SYMBOL, kind SYMBOL, colour SYMBOL, state SYMBOL, "
                + "id VARCHAR, seq LONG, level LONG, value DOUBLE, \"limit\" DOUBLE, limitName VARCHAR, unit VARCHAR, message VARCHAR, "
                + "readingTs LONG, raisedTs LONG, timestamp TIMESTAMP_NS"
                + ") TIMESTAMP(timestamp) PARTITION BY DAY TTL " + ttlDays + " DAYS WAL "
                + "DEDUP UPSERT KEYS(" + dedupKeys(table) + ")";
    }
}
