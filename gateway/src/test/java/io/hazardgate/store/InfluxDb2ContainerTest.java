package io.hazardgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.query.FluxTable;
import io.hazardgate.config.Listener;
import io.hazardgate.config.StoreSettings;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import io.hazardgate.store.log.LogCursor;
import io.hazardgate.store.writer.Shipper;
import io.hazardgate.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.InfluxDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real InfluxDB 2 with a token, org and bucket; runs only where Docker is available. */
@Testcontainers(disabledWithoutDocker = true)
class InfluxDb2ContainerTest {
    private static final String TOKEN = "hazardgate-test-token";
    private static final String ORG = "plant-operator";
    private static final String BUCKET = "readings";

    @Container
    static final InfluxDBContainer<?> INFLUX = new InfluxDBContainer<>(DockerImageName.parse("influxdb:2.7"))
            .withAdminToken(TOKEN).withOrganization(ORG).withBucket(BUCKET).withUsername("admin").withPassword("password1");

    @TempDir
    Path dataDir;

    private Store start() throws Exception {
        StoreSettings settings = new StoreSettings(StoreSettings.INFLUXDB, new Listener("127.0.0.1", 0), INFLUX.getUrl(),
                TOKEN, ORG, BUCKET, StoreSettings.DEFAULT_RETENTION);
        return Store.start(settings, dataDir, List.of(Sites.many("plant", 20), Sites.demo()), new SimpleMeterRegistry(),
                Clock.systemUTC());
    }

    private static long count(String measurement, String field) {
        try (InfluxDBClient client = InfluxDBClientFactory.create(INFLUX.getUrl(), TOKEN.toCharArray(), ORG, BUCKET)) {
            String flux = "from(bucket: \"" + BUCKET + "\") |> range(start: 0) |> filter(fn: (r) => r._measurement == \""
                    + measurement + "\" and r._field == \"" + field + "\") |> group() |> count()";
            List<FluxTable> tables = client.getQueryApi().query(flux, ORG);
            if (tables.isEmpty() || tables.get(0).getRecords().isEmpty()) return 0;
            return ((Number) tables.get(0).getRecords().get(0).getValue()).longValue();
        }
    }

    @Test
    void storesReadingsAndAlarmsAndAReplayOverwritesInsteadOfDuplicating() throws Exception {
        long base = System.currentTimeMillis() - 3_600_000;
        try (Store store = start()) {
            CompletableFuture<Void> last = new CompletableFuture<>();
            for (int r = 0; r < 10; r++) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                store.log().append(Records.readings("plant", base + r * 100L, 100, 0, Sites.tags(20)), () -> f.complete(null),
                        f::completeExceptionally);
                last = f;
            }
            for (int i = 0; i < 4; i++) {
                store.appendAlarm(new AlarmEvent("a" + i, 1, "demo", "TF1", "GT-101", "high", "L2", AlarmKind.THRESHOLD, 4,
                        AlarmState.RAISED, 60, 50, "%LEL", base, base, "level 2"));
            }
            last.get(10, TimeUnit.SECONDS);
            Await.until("the writer to catch up", Duration.ofSeconds(60), () -> store.lagRecords() == 0);
        }
        assertEquals(1000, count("reading", "value"));
        assertEquals(4, count("alarm_event", "seq"));

        Files.delete(dataDir.resolve("log").resolve(Shipper.CURSOR.name() + LogCursor.SUFFIX));
        try (Store store = start()) {
            Await.until("the replay to finish", Duration.ofSeconds(60), () -> store.lagRecords() == 0);
        }
        assertEquals(1000, count("reading", "value"));
        assertEquals(4, count("alarm_event", "seq"));
    }
}
