package io.hazardgate.store.questdb;

import io.hazardgate.config.Listener;
import io.questdb.ServerMain;
import io.questdb.log.LogFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QuestDB running inside the gateway's JVM: the default store, so that one command runs the whole
 * system. Only its HTTP port is opened (SQL at {@code /exec}, InfluxDB v2 writes at
 * {@code /api/v2/write}); the PostgreSQL wire, ILP/TCP, ILP/UDP, the health port and telemetry are
 * off. Its worker pools are kept to one thread each, because it shares two cores with the gateway.
 * QuestDB's own log goes to {@code log/questdb.log} under its root instead of the console.
 *
 * <p>With {@link StoreCredentials}, every request to the port needs them (HTTP Basic): SQL, writes and
 * the web console's queries alike. Without, it never listens beyond loopback.
 */
public final class EmbeddedQuestDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedQuestDb.class);
    private static final String LOG_CONF_HEADER = "# Written by HazardGate:";
    /**
     * INFO is left out: QuestDB narrates every WAL commit at INFO, several lines per commit, which at
     * full ingest is gigabytes a day of log and CPU taken from ingest. Errors and advisories stay.
     */
    private static final String LOG_CONF = LOG_CONF_HEADER + """
             QuestDB logs to a file under its root, not to the gateway's console.
            writers=file
            w.file.class=io.questdb.log.LogRollingFileWriter
            w.file.location=${log.dir}/questdb-${date:yyyyMMdd}.log
            w.file.level=ERROR,CRITICAL,ADVISORY
            w.file.rollEvery=day
            w.file.rollSize=64m
            w.file.sizeLimit=512m
            w.file.lifeDuration=7d
            """;

    /** Worker pools whose idle polling is cut short (see {@link #start}). */
    private static final String[] IDLE_POLLING_POOLS = {"SHARED", "HTTP", "WAL_APPLY", "MAT_VIEW_REFRESH", "VIEW_COMPILER",
        "EXPORT"};

    private final ServerMain server;
    private final Path root;
    private final String host;
    private final int port;
    private final int pgPort;
    private final QuestDbSql sql;
    private final StoreCredentials credentials;

    private EmbeddedQuestDb(ServerMain server, Path root, String bindHost, StoreCredentials credentials, boolean pgEnabled) {
        this.server = server;
        this.root = root;
        // A wildcard bind is reached from inside the process over loopback.
        this.host = bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "127.0.0.1" : bindHost;
        this.port = server.getHttpServerPort();
        this.pgPort = pgEnabled ? server.getPgWireServerPort() : -1;
        this.credentials = credentials;
        this.sql = new QuestDbSql(url(), credentials == null ? null : credentials.basicAuthorization());
    }

    /**
     * Starts QuestDB with its files under {@code root}, its HTTP port bound to {@code bind} (port 0: any).
     *
     * @param credentials what every request must carry; null for none, on a loopback bind only
     * @throws IOException also when asked to listen beyond loopback without credentials
     */
    public static EmbeddedQuestDb start(Path root, Listener bind, StoreCredentials credentials) throws IOException {
        return start(root, bind, credentials, -1);
    }

    /**
     * As {@link #start(Path, Listener, StoreCredentials)}, with QuestDB's PostgreSQL wire on {@code pgPort}
     * of the same host (0: any; negative: none): read-only, with the same login, for SQL clients such as
     * Grafana. The gateway writes over HTTP only, so nothing that comes in on it may change a record.
     */
    public static EmbeddedQuestDb start(Path root, Listener bind, StoreCredentials credentials, int pgPort) throws IOException {
        if (pgPort >= 0 && credentials == null) {
            throw new IOException("embedded QuestDB's PostgreSQL wire needs the generated login (store.embedded.auth: generated)");
        }
        if (credentials == null && !isLoopback(bind.host())) {
            throw new IOException("embedded QuestDB refuses to listen on " + bind.host() + ":" + bind.port()
                    + " without credentials: anyone who can reach it could change records");
        }
        Files.createDirectories(root.resolve("conf"));
        Path logConf = root.resolve("conf").resolve("log.conf");
        // An operator's own log.conf is kept; ours is brought up to date.
        if (!Files.exists(logConf) || Files.readString(logConf, StandardCharsets.UTF_8).startsWith(LOG_CONF_HEADER)) {
            Files.writeString(logConf, LOG_CONF, StandardCharsets.UTF_8);
        }
        // Must precede QuestDB's first use of its log, which reads conf/log.conf under this root.
        LogFactory.configureRootDir(root.toString());
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("QDB_HTTP_NET_BIND_TO", bind.host() + ":" + bind.port());
        if (pgPort >= 0) {
            env.put("QDB_PG_ENABLED", "true");
            env.put("QDB_PG_NET_BIND_TO", bind.host() + ":" + pgPort);
            env.put("QDB_PG_USER", credentials.user());
            env.put("QDB_PG_PASSWORD", credentials.password());
            env.put("QDB_PG_SECURITY_READONLY", "true");
            env.put("QDB_PG_READONLY_USER_ENABLED", "false");
        } else {
            env.put("QDB_PG_ENABLED", "false");
        }
        env.put("QDB_LINE_TCP_ENABLED", "false");
        env.put("QDB_LINE_UDP_ENABLED", "false");
        env.put("QDB_HTTP_MIN_ENABLED", "false");
        env.put("QDB_TELEMETRY_ENABLED", "false");
        // Tables are created by the gateway with their schema (QuestDbTables), never by a write: a table
        // dropped under the gateway must not come back without WAL, deduplication and retention.
        env.put("QDB_LINE_AUTO_CREATE_NEW_TABLES", "false");
        env.put("QDB_SHARED_NETWORK_WORKER_COUNT", "1");
        env.put("QDB_SHARED_QUERY_WORKER_COUNT", "1");
        env.put("QDB_SHARED_WRITE_WORKER_COUNT", "1");
        env.put("QDB_WAL_APPLY_WORKER_COUNT", "1");
        env.put("QDB_MAT_VIEW_REFRESH_WORKER_COUNT", "1");
        env.put("QDB_VIEW_COMPILER_WORKER_COUNT", "1");
        env.put("QDB_EXPORT_WORKER_COUNT", "1");
        // An idle QuestDB worker polls 10,000 times before it sleeps: on two cores shared with ingest
        // that spinning is CPU taken from the event loops. Sleep after 100 empty polls instead.
        for (String pool : IDLE_POLLING_POOLS) env.put("QDB_" + pool + "_WORKER_SLEEP_THRESHOLD", "100");
        if (credentials != null) {
            env.put("QDB_HTTP_USER", credentials.user());
            env.put("QDB_HTTP_PASSWORD", credentials.password());
        } else {
            env.remove("QDB_HTTP_USER");
            env.remove("QDB_HTTP_PASSWORD");
        }
        long start = System.nanoTime();
        ServerMain server = ServerMain.create(root.toString(), env);
        try {
            server.start();
            server.awaitStartup();
        } catch (RuntimeException | Error e) { // a port taken comes as QuestDB's NetworkError, an Error
            server.close();
            throw new IOException("embedded QuestDB did not start on " + bind.host() + ":" + bind.port() + ": " + e.getMessage(), e);
        }
        EmbeddedQuestDb db = new EmbeddedQuestDb(server, root, bind.host(), credentials, pgPort >= 0);
        LOG.info("Embedded QuestDB started in {} ms: SQL and writes on {} ({}; files in {}, its log in {})",
                (System.nanoTime() - start) / 1_000_000, db.url(),
                credentials == null ? "no login: loopback only" : "login in " + credentials.file(), root, root.resolve("log"));
        return db;
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** What every request must carry, or null when the port takes requests without. */
    public StoreCredentials credentials() { return credentials; }

    /** The HTTP port actually bound. */
    public int httpPort() { return port; }

    /** The PostgreSQL wire port actually bound, or -1 when it is off. */
    public int pgPort() { return pgPort; }

    /** Base URL of its HTTP port, for the InfluxDB client and for SQL. */
    public String url() { return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port; }

    public QuestDbSql sql() { return sql; }

    public Path root() { return root; }

    @Override
    public void close() {
        server.close();
        LOG.info("Embedded QuestDB stopped");
    }
}
