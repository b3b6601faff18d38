package io.hazardgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.Listener;
import io.hazardgate.config.LogSettings;
import io.hazardgate.config.StoreSettings;
import io.hazardgate.store.log.LogOptions;
import io.hazardgate.store.writer.SensorCatalog;
import io.hazardgate.store.writer.ShipperOptions;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.Needs;
import io.hazardgate.testing.VictoriaMetricsProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real VictoriaMetrics as the external store: stopped under load and started again on the same data,
 * every acknowledged reading ends up stored exactly once.
 */
@Needs(ExternalProgram.VICTORIA_METRICS)
class VictoriaMetricsOutageTest {
    private static final int RECORDS = 300;
    private static final int PER_RECORD = 200;
    private static final int TAGS = 100;

    @TempDir
    Path dir;


    @Test
    void backlogDrainsAfterAnOutageAndTheStoreHasEveryAcknowledgedReading() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (VictoriaMetricsProcess vm = VictoriaMetricsProcess.start(dir.resolve("vm"))) {
            StoreSettings settings = new StoreSettings(StoreSettings.INFLUXDB, new Listener("127.0.0.1", 0), vm.url(), "",
                    "hazardgate", "hazardgate", StoreSettings.DEFAULT_RETENTION);
            ShipperOptions shipping = new ShipperOptions(4, 5_000, 1 << 20, Duration.ofMillis(10), Duration.ofMillis(50),
                    Duration.ofMillis(500));
            long base = System.currentTimeMillis() - 3_600_000;
            AtomicLong acknowledged = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch thirdDone = new CountDownLatch(1);
            CountDownLatch resume = new CountDownLatch(1);

            try (Store store = Store.start(settings, dir.resolve("data"), SensorCatalog.of(List.of(Sites.many("plant", TAGS))),
                    registry, Clock.systemUTC(), LogOptions.of(LogSettings.DEFAULTS), shipping)) {
                Thread publisher = new Thread(() -> {
                    try {
                        CompletableFuture<Void> last = null;
                        for (int r = 0; r < RECORDS; r++) {
                            CompletableFuture<Void> f = new CompletableFuture<>();
                            store.log().append(Records.readings("plant", base + (long) r * PER_RECORD, PER_RECORD, 0,
                                    Sites.tags(TAGS)), () -> {
                                acknowledged.addAndGet(PER_RECORD);
                                f.complete(null);
                            }, f::completeExceptionally);
                            last = f;
                            if (r == RECORDS / 3) {
                                last.get(10, TimeUnit.SECONDS);
                                thirdDone.countDown();
                                resume.await();
                            }
                            Thread.sleep(5);
                        }
                        last.get(10, TimeUnit.SECONDS);
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                }, "publisher");
                publisher.start();

                assertTrue(thirdDone.await(60, TimeUnit.SECONDS));
                vm.stop();
                resume.countDown();
                // While the store is down the backlog grows on disk and the lag shows it.
                Await.until("failed writes", Duration.ofSeconds(30),
                        () -> registry.get("hazardgate.store.batches").tag("outcome", "failure").counter().count() > 0);
                Await.until("lag to grow", Duration.ofSeconds(30), () -> store.lagRecords() > 20);
                Await.until("the lag in seconds to grow", Duration.ofSeconds(30), () -> store.lagSeconds() > 0.2);
                assertTrue(registry.get("hazardgate.store.lag.records").gauge().value() > 20);

                vm.restart();
                publisher.join(60_000);
                if (failure.get() != null) throw new AssertionError("publisher failed", failure.get());
                Await.until("the backlog to drain", Duration.ofSeconds(60), () -> store.lagRecords() == 0);
                assertEquals((long) RECORDS * PER_RECORD, acknowledged.get());
                assertTrue(registry.get("hazardgate.store.retries").counter().count() > 0);
                Await.until("VictoriaMetrics to hold every reading", Duration.ofSeconds(30),
                        () -> vm.countSamples("reading_value") == acknowledged.get());
                assertEquals(acknowledged.get(), vm.countSamples("reading_quality"));
            }
        }
    }
}
