package io.hazardgate.config;

import java.time.Duration;

/**
 * Where readings and alarm events are written.
 *
 * @param kind      {@code questdb-embedded} (default: QuestDB inside the gateway's JVM) or
 *                  {@code influxdb} (any server speaking the InfluxDB v2 write API: InfluxDB 2/3,
 *                  a QuestDB server, VictoriaMetrics)
 * @param embedded  bind address of the embedded QuestDB HTTP (SQL and write) port
 * @param url       base URL of the external store, for {@code influxdb}
 * @param retention how long the embedded store keeps rows (≥ 30 days by regulation)
 */
public record StoreSettings(
        String kind,
        Listener embedded,
        String url,
        String token,
        String org,
        String bucket,
        Duration retention) {

    public static final String QUESTDB_EMBEDDED = "questdb-embedded";
    public static final String INFLUXDB = "influxdb";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    public boolean isEmbedded() { return QUESTDB_EMBEDDED.equals(kind); }

    public StoreSettings withEmbeddedPort(int port) {
        return new StoreSettings(kind, embedded.withPort(port), url, token, org, bucket, retention);
    }
}
