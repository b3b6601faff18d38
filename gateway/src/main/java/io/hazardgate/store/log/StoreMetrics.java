package io.hazardgate.store.log;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * Every meter of the durable log and the store writer, defined and registered here and nowhere else (the
 * catalogue of all the gateway's meters is the table in docs/operations.md, which a test holds to the
 * registry). The parts that own a gauge's value hand it over through the named methods below.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><td>{@code hazardgate.log.appends}</td><td>records made durable</td></tr>
 *   <tr><td>{@code hazardgate.log.append.bytes}</td><td>payload bytes made durable</td></tr>
 *   <tr><td>{@code hazardgate.log.append.failures}</td><td>records refused: I/O error, too large, closed</td></tr>
 *   <tr><td>{@code hazardgate.log.fsync}</td><td>time of each fsync</td></tr>
 *   <tr><td>{@code hazardgate.log.batch.records}</td><td>records per group commit</td></tr>
 *   <tr><td>{@code hazardgate.log.corrupt.records}</td><td>damaged records found and skipped</td></tr>
 *   <tr><td>{@code hazardgate.log.torn.tail.bytes}</td><td>bytes of unfinished writes truncated at start</td></tr>
 *   <tr><td>{@code hazardgate.log.size}</td><td>bytes of all segments on disk</td></tr>
 *   <tr><td>{@code hazardgate.log.segments}</td><td>segment files on disk</td></tr>
 *   <tr><td>{@code hazardgate.log.pending}</td><td>records queued for the next group commit</td></tr>
 *   <tr><td>{@code hazardgate.log.budget.reached}</td><td>1 while the disk budget holds publishers back</td></tr>
 *   <tr><td>{@code hazardgate.log.failing}</td><td>1 while writes fail</td></tr>
 *   <tr><td>{@code hazardgate.store.batches{outcome=success|failure|rejected}}</td><td>write requests to the store</td></tr>
 *   <tr><td>{@code hazardgate.store.retries}</td><td>batches retried after a failure</td></tr>
 *   <tr><td>{@code hazardgate.store.rejected.lines}</td><td>lines the store refused for good, set aside alone</td></tr>
 *   <tr><td>{@code hazardgate.store.rewrites}</td><td>batches written again because a table was dropped or replaced around them</td></tr>
 *   <tr><td>{@code hazardgate.store.schema.changes}</td><td>changes to the store's tables found under the gateway</td></tr>
 *   <tr><td>{@code hazardgate.store.lines}</td><td>lines the store accepted</td></tr>
 *   <tr><td>{@code hazardgate.store.write}</td><td>time of each write request</td></tr>
 *   <tr><td>{@code hazardgate.store.lag.records}</td><td>durable records not yet in the store</td></tr>
 *   <tr><td>{@code hazardgate.store.lag.readings}</td><td>readings in those records</td></tr>
 *   <tr><td>{@code hazardgate.store.lag.seconds}</td><td>age of the oldest record not yet in the store</td></tr>
 *   <tr><td>{@code hazardgate.store.committed.offset}</td><td>log offset up to which the store has everything</td></tr>
 * </table>
 *
 * <p>The MQTT session store keeps its own log of the same kind ({@code io.hazardgate.store.StateLog}); its
 * log meters carry the prefix {@value #SESSION_LOG_PREFIX} instead of {@value #LOG_PREFIX}.
 */
public final class StoreMetrics {
    /** Prefix of the ingest log's meters. */
    public static final String LOG_PREFIX = "hazardgate.log";
    /** Prefix of the MQTT session store's log meters. */
    public static final String SESSION_LOG_PREFIX = "hazardgate.mqtt.sessions.log";

    private final MeterRegistry registry;
    private final String logPrefix;

    final Counter logAppends;
    public final Counter logAppendBytes;
    final Counter logAppendFailures;
    public final Timer fsync;
    public final DistributionSummary batchRecords;
    final Counter corruptRecords;
    final Counter tornTailBytes;

    public final Counter storeSuccess;
    public final Counter storeFailure;
    public final Counter storeRejected;
    public final Counter storeRetries;
    public final Counter storeLines;
    public final Counter rejectedLines;
    public final Counter rewrites;
    public final Counter schemaChanges;
    public final Timer storeWrite;

    public StoreMetrics(MeterRegistry registry) {
        this(registry, LOG_PREFIX);
    }

    /** The meters of a log whose meter names start with {@code logPrefix} (the store writer's are shared). */
    public StoreMetrics(MeterRegistry registry, String logPrefix) {
        this.registry = registry;
        this.logPrefix = logPrefix;
        logAppends = Counter.builder(logPrefix + ".appends").baseUnit("records")
                .description("Records made durable in the local log").register(registry);
        logAppendBytes = Counter.builder(logPrefix + ".append.bytes").baseUnit("bytes")
                .description("Payload bytes made durable in the local log").register(registry);
        logAppendFailures = Counter.builder(logPrefix + ".append.failures").baseUnit("records")
                .description("Records the log could not make durable; never acknowledged").register(registry);
        fsync = Timer.builder(logPrefix + ".fsync").description("Time to force a group commit to disk")
                .register(registry);
        batchRecords = DistributionSummary.builder(logPrefix + ".batch.records").baseUnit("records")
                .description("Records per group commit").register(registry);
        corruptRecords = Counter.builder(logPrefix + ".corrupt.records").baseUnit("records")
                .description("Damaged records found in the log and skipped").register(registry);
        tornTailBytes = Counter.builder(logPrefix + ".torn.tail.bytes").baseUnit("bytes")
                .description("Bytes of unfinished writes truncated when the log was opened").register(registry);

        storeSuccess = batches("success");
        storeFailure = batches("failure");
        storeRejected = batches("rejected");
        storeRetries = Counter.builder("hazardgate.store.retries").baseUnit("batches")
                .description("Write requests retried after a failure").register(registry);
        storeLines = Counter.builder("hazardgate.store.lines").baseUnit("lines")
                .description("Line-protocol lines the time-series store accepted").register(registry);
        rejectedLines = Counter.builder("hazardgate.store.rejected.lines").baseUnit("lines")
                .description("Lines the time-series store refused for good, set aside in log/rejected").register(registry);
        rewrites = Counter.builder("hazardgate.store.rewrites").baseUnit("batches")
                .description("Batches written again because a table was dropped or replaced around their write").register(registry);
        schemaChanges = Counter.builder("hazardgate.store.schema.changes")
                .description("Changes to the store's tables found under the gateway (dropped, replaced, altered)").register(registry);
        storeWrite = Timer.builder("hazardgate.store.write").description("Time of one write request to the store")
                .register(registry);
    }

    /** Damaged records found so far (at recovery and by readers). */
    long corruptRecordsSeen() { return (long) corruptRecords.count(); }

    private Counter batches(String outcome) {
        return Counter.builder("hazardgate.store.batches").tag("outcome", outcome).baseUnit("batches")
                .description("Write requests to the time-series store by outcome").register(registry);
    }

    /** The log's files on disk and its queue: called once by the log. */
    public void logGauges(Supplier<Number> sizeBytes, Supplier<Number> segments, Supplier<Number> pendingRecords) {
        gauge(logPrefix + ".size", "bytes", "Bytes of all log segments on disk", sizeBytes);
        gauge(logPrefix + ".segments", "segments", "Log segment files on disk", segments);
        gauge(logPrefix + ".pending", "records", "Records queued for the next group commit", pendingRecords);
    }

    /** The log's state as two flags, each 1 while it holds: called once by the log. */
    public void logStateGauges(Supplier<Number> budgetReached, Supplier<Number> failing) {
        gauge(logPrefix + ".budget.reached", null, "1 while the disk budget holds publishers back", budgetReached);
        gauge(logPrefix + ".failing", null, "1 while log writes fail", failing);
    }

    /** How far the time-series store is behind the log: called once by the store writer. */
    public void storeLagGauges(Supplier<Number> records, Supplier<Number> readings, Supplier<Number> seconds,
            Supplier<Number> committedOffset) {
        gauge("hazardgate.store.lag.records", "records", "Durable records not yet in the time-series store", records);
        gauge("hazardgate.store.lag.readings", "readings", "Durable readings not yet in the time-series store", readings);
        gauge("hazardgate.store.lag.seconds", "seconds", "Age of the oldest record not yet in the store", seconds);
        gauge("hazardgate.store.committed.offset", "records", "Log offset before which the store has everything",
                committedOffset);
    }

    private void gauge(String name, String unit, String description, Supplier<Number> value) {
        Gauge.builder(name, value).baseUnit(unit).description(description).strongReference(true).register(registry);
    }
}
