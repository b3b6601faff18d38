package io.hazardgate.store.writer;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * Writes through influxdb-client-java's blocking write API (InfluxDB v2 {@code /api/v2/write}), which
 * InfluxDB 2/3, QuestDB and VictoriaMetrics all accept. Each call is one HTTP request carrying a whole
 * batch that the caller built as line protocol; several threads call it at once, each on its own
 * pooled connection.
 */
public final class InfluxLineWriter implements LineWriter {
    /** A large batch into a busy store can take a while; a dead one is noticed by the connect timeout. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final InfluxDBClient client;
    private final WriteApiBlocking api;
    private final String org;
    private final String bucket;

    public InfluxLineWriter(String url, String token, String org, String bucket, int connections) {
        this(url, token, org, bucket, connections, null);
    }

    /** @param basicAuthorization an {@code Authorization: Basic} value every request carries (the embedded store), or null */
    public InfluxLineWriter(String url, String token, String org, String bucket, int connections, String basicAuthorization) {
        this.org = org.isEmpty() ? "hazardgate" : org;
        this.bucket = bucket;
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(connections, 5, TimeUnit.MINUTES))
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(READ_TIMEOUT)
                .writeTimeout(READ_TIMEOUT)
                // Retries are ours, with backoff and metrics; the client must not resend on its own.
                .retryOnConnectionFailure(false);
        if (basicAuthorization != null) {
            http.addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                    .header("Authorization", basicAuthorization).build()));
        }
        InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
                .url(url)
                .org(this.org)
                .bucket(bucket)
                .okHttpClient(http);
        if (!token.isEmpty()) options.authenticateToken(token.toCharArray());
        this.client = InfluxDBClientFactory.create(options.build());
        this.api = client.getWriteApiBlocking();
    }

    @Override
    public void write(String lines, WritePrecision precision) throws StoreWriteException {
        try {
            api.writeRecord(bucket, org, precision, lines);
        } catch (InfluxException e) {
            int status = e.status();
            throw new StoreWriteException(describe(e, status), status, StoreWriteException.isRetryableStatus(status), e);
        } catch (RuntimeException e) {
            throw new StoreWriteException(e.toString(), 0, true, e);
        }
    }

    private static String describe(InfluxException e, int status) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (msg.length() > 500) msg = msg.substring(0, 500) + "…";
        return status == 0 ? msg : "HTTP " + status + ": " + msg;
    }

    @Override
    public void close() {
        client.close();
    }
}
