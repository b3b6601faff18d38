package io.hazardgate.config;

import java.time.Duration;

/**
 * Where readings and alarm events are written.
 *
 * @param kind      {@code questdb-embedded} (default: QuestDB inside the gateway's JVM) or
 *                  {@code influxdb} (any server speaking the InfluxDB v2 write API: InfluxDB 2/3,
 *                  a QuestDB server, VictoriaMetrics)
 * @param embedded  bind address of the embedded QuestDB HTTP (SQL and write) port
 * @param embeddedAuth {@code generated} (default: every request to that port needs the login the gateway
 *                  generates, kept in {@code <dataDir>/store-credentials}) or {@code none} (loopback only)
 * @param url       base URL of the external store, for {@code influxdb}
 * @param retention how long the embedded store keeps rows (≥ 30 days by regulation)
 * @param log       the local durable log every record passes through before the store
 * @param inFlight  write requests the store writer keeps in flight at once
 * @param embeddedPgPort the embedded QuestDB's PostgreSQL wire port on the same host, read-only, with the
 *                  generated login (for Grafana and other SQL clients); {@link #PG_OFF} (default) for none
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
        int inFlight,
        String embeddedAuth,
        int embeddedPgPort) {

    public static final String QUESTDB_EMBEDDED = "questdb-embedded";
    public static final String INFLUXDB = "influxdb";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    /** Four requests keep a local store busy while the next batch is built; more buys little on 2 cores. */
    public static final int DEFAULT_IN_FLIGHT = 4;
    public static final String AUTH_GENERATED = "generated";
    public static final String AUTH_NONE = "none";
    /** No PostgreSQL wire port. */
    public static final int PG_OFF = -1;

    /** Settings without the PostgreSQL wire port. */
    public StoreSettings(String kind, Listener embedded, String url, String token, String org, String bucket,
                         Duration retention, LogSettings log, int inFlight, String embeddedAuth) {
        this(kind, embedded, url, token, org, bucket, retention, log, inFlight, embeddedAuth, PG_OFF);
    }

    /** Settings with the default log, writer concurrency and login. */
    public StoreSettings(String kind, Listener embedded, String url, String token, String org, String bucket,
                         Duration retention) {
        this(kind, embedded, url, token, org, bucket, retention, LogSettings.DEFAULTS, DEFAULT_IN_FLIGHT, AUTH_GENERATED);
    }

    /** Settings with the default login. */
    public StoreSettings(String kind, Listener embedded, String url, String token, String org, String bucket,
                         Duration retention, LogSettings log, int inFlight) {
        this(kind, embedded, url, token, org, bucket, retention, log, inFlight, AUTH_GENERATED);
    }

    /** Whether the embedded store's port wants the generated login with every request. */
    public boolean embeddedLogin() { return !AUTH_NONE.equals(embeddedAuth); }

    public boolean isEmbedded() { return QUESTDB_EMBEDDED.equals(kind); }

    public StoreSettings withEmbeddedPort(int port) {
        return new StoreSettings(kind, embedded.withPort(port), url, token, org, bucket, retention, log, inFlight,
                embeddedAuth, embeddedPgPort);
    }

    public StoreSettings withEmbeddedPgPort(int port) {
        return new StoreSettings(kind, embedded, url, token, org, bucket, retention, log, inFlight, embeddedAuth, port);
    }
}
