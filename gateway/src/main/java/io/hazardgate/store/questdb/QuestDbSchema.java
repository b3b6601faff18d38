package io.hazardgate.store.questdb;

import io.hazardgate.store.writer.AlarmLineEncoder;
import io.hazardgate.store.writer.SensorCatalog;
import java.io.IOException;
import java.time.Duration;

/**
 * Creates the two tables in QuestDB before anything is written, so that they have what the line
 * protocol cannot ask for: a designated timestamp partitioned by day, WAL, a TTL equal to the
 * configured retention, and deduplication keys that make a replay of the log idempotent — a reading
 * is one row per (timestamp, site, tag), an alarm event one row per (timestamp, site, tag, id, seq).
 * Run on every start: {@code IF NOT EXISTS} keeps data, and the ALTERs apply a changed retention.
 */
public final class QuestDbSchema {
    private QuestDbSchema() {}

    public static void apply(QuestDbSql sql, Duration retention) throws IOException {
        long days = Math.max(1, (retention.toHours() + 23) / 24);
        sql.exec("CREATE TABLE IF NOT EXISTS " + SensorCatalog.MEASUREMENT + " ("
                + "site SYMBOL, source SYMBOL, tag SYMBOL, type SYMBOL, unit SYMBOL, "
                + "value DOUBLE, quality LONG, timestamp TIMESTAMP"
                + ") TIMESTAMP(timestamp) PARTITION BY DAY TTL " + days + " DAYS WAL "
                + "DEDUP UPSERT KEYS(timestamp, site, tag)");
        sql.exec("CREATE TABLE IF NOT EXISTS " + AlarmLineEncoder.MEASUREMENT + " ("
                + "site SYMBOL, source SYMBOL, tag SYMBOL, rule SYMBOL, kind SYMBOL, colour SYMBOL, state SYMBOL, "
                + "id VARCHAR, seq LONG, level LONG, value DOUBLE, \"limit\" DOUBLE, limitName VARCHAR, unit VARCHAR, message VARCHAR, "
                + "readingTs LONG, raisedTs LONG, timestamp TIMESTAMP_NS"
                + ") TIMESTAMP(timestamp) PARTITION BY DAY TTL " + days + " DAYS WAL "
                + "DEDUP UPSERT KEYS(timestamp, site, tag, id, seq)");
        // columns added in a later release: a table an earlier one created gets them (old rows read null)
        sql.exec("ALTER TABLE " + AlarmLineEncoder.MEASUREMENT + " ADD COLUMN IF NOT EXISTS limitName VARCHAR");
        sql.exec("ALTER TABLE " + AlarmLineEncoder.MEASUREMENT + " ADD COLUMN IF NOT EXISTS raisedTs LONG");
        for (String table : new String[] {SensorCatalog.MEASUREMENT, AlarmLineEncoder.MEASUREMENT}) {
            sql.exec("ALTER TABLE " + table + " SET TTL " + days + " DAYS");
        }
    }
}
