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
 * @param log       the local durable log every record passes through before the store
 * @param inFlight  write requests the store writer keeps in flight at once
 */
public record StoreSettings(
        String kind,
        Listener embedded,
        String url,
        String token,
        String org,
        String bucket,
        Duration retention,
        LogSettings log,
        int inFlight) {

    public static final String QUESTDB_EMBEDDED = "questdb-embedded";
    public static final String INFLUXDB = "influxdb";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    /** Four requests keep a local store busy while the next batch is built; more buys little on 2 cores. */
    public static final int DEFAULT_IN_FLIGHT = 4;

    /** Settings with the default log and writer concurrency. */
    public StoreSettings(String kind, Listener embedded, String url, String token, String org, String bucket,
                         Duration retention) {
        this(kind, embedded, url, token, org, bucket, retention, LogSettings.DEFAULTS, DEFAULT_IN_FLIGHT);
    }

    public boolean isEmbedded() { return QUESTDB_EMBEDDED.equals(kind); }

    public StoreSettings withEmbeddedPort(int port) {
        return new StoreSettings(kind, embedded.withPort(port), url, token, org, bucket, retention, log, inFlight);
    }
}
