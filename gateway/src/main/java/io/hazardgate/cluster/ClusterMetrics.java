package io.hazardgate.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * Every meter of the cluster's tiers, defined here and nowhere else; a node registers those of its roles
 * (ingest: readings, outbox, egress; alarm: alarm; store writer: store). The catalogue is the cluster
 * table of docs/operations.md, which a test holds to {@link #registerAll}.
 */
public final class ClusterMetrics {
    private ClusterMetrics() {}

    // ingest: the way into Kafka

    static Counter readingsSent(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.readings.sent").description("Records Kafka acknowledged (acks=all)").register(r);
    }

    static Counter readingsFailed(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.readings.failed")
                .description("Records Kafka did not take in time; kept in the local outbox and sent again").register(r);
    }

    static Timer readingsAck(MeterRegistry r) {
        return Timer.builder("hazardgate.cluster.readings.ack").description("Time from send to Kafka's acks=all")
                .publishPercentiles(0.5, 0.99).register(r);
    }

    static Counter readingsRefused(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.readings.refused").baseUnit("records")
                .description("Records refused to the device: larger than Kafka takes, or the outbox could not write them").register(r);
    }

    // ingest: the local outbox while Kafka does not take records

    static Counter outboxRecords(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.outbox.records").baseUnit("records")
                .description("Records kept in the local outbox while Kafka did not take them; acknowledged from disk").register(r);
    }

    static Counter outboxShipped(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.outbox.shipped").baseUnit("records")
                .description("Records shipped from the local outbox to Kafka").register(r);
    }

    static Counter outboxSwitches(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.outbox.switches")
                .description("Times Kafka stopped taking records and the node began keeping them in its outbox").register(r);
    }

    static void outboxActive(MeterRegistry r, Supplier<Number> active) {
        Gauge.builder("hazardgate.cluster.outbox.active", active)
                .description("1 while records go to the local outbox instead of straight to Kafka").register(r);
    }

    static void outboxBacklog(MeterRegistry r, Supplier<Number> backlog) {
        Gauge.builder("hazardgate.cluster.outbox.backlog", backlog).baseUnit("records")
                .description("Records in the local outbox that Kafka does not have yet").register(r);
    }

    // egress on ingest nodes

    static Counter egressEvents(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.egress.events").description("Alarm events delivered by this node").register(r);
    }

    static Counter egressDuplicates(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.egress.duplicates")
                .description("Alarm events dropped because their (id, seq) was delivered before").register(r);
    }

    static Timer alarmLatency(MeterRegistry r) {
        return Timer.builder("hazardgate.cluster.alarm.latency")
                .description("From the reading's arrival at an ingest node to its alarm event's delivery here")
                .publishPercentiles(0.5, 0.99).register(r);
    }

    // the alarm tier

    static Counter alarmEvents(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.alarm.events").description("Alarm events committed").register(r);
    }

    static Counter alarmRecords(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.alarm.records").description("Readings-topic records evaluated").register(r);
    }

    static Counter configMismatch(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.config.mismatch")
                .description("Records decoded under another configuration generation than this node's").register(r);
    }

    static void configMismatchedNodes(MeterRegistry r, Supplier<Number> nodes) {
        Gauge.builder("hazardgate.cluster.config.mismatched.nodes", nodes)
                .description("Ingest nodes heard from in the last 5 minutes whose records carry another configuration generation than this node's")
                .register(r);
    }

    static Counter alarmAborted(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.alarm.aborted")
                .description("Rounds whose transaction failed (fenced, broker lost); the node rejoined").register(r);
    }

    static Counter alarmRewound(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.alarm.rewound")
                .description("Rounds not committed because the group changed meanwhile; the partitions went back to their last commit")
                .register(r);
    }

    static Timer alarmRestore(MeterRegistry r) {
        return Timer.builder("hazardgate.cluster.alarm.restore").description("Time to restore a partition's state").register(r);
    }

    static DistributionSummary alarmRestoreBytes(MeterRegistry r) {
        return DistributionSummary.builder("hazardgate.cluster.alarm.restore.bytes").baseUnit("bytes")
                .description("Changelog bytes read to restore a partition").register(r);
    }

    static Timer alarmRound(MeterRegistry r) {
        return Timer.builder("hazardgate.cluster.alarm.round").description("One evaluate-and-commit round")
                .publishPercentiles(0.5, 0.99).register(r);
    }

    static void alarmPartitions(MeterRegistry r, Supplier<Number> owned) {
        Gauge.builder("hazardgate.cluster.alarm.partitions", owned).description("Partitions this node owns").register(r);
    }

    // store writers

    static Counter storeBatches(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.store.batches").description("Reading batches taken into the store's log").register(r);
    }

    static Counter storeAlarms(MeterRegistry r) {
        return Counter.builder("hazardgate.cluster.store.alarms").description("Alarm events taken into the store's log").register(r);
    }

    /** Registers every cluster meter, as a node with every role has them; for the catalogue. */
    public static void registerAll(MeterRegistry r) {
        readingsSent(r);
        readingsFailed(r);
        readingsAck(r);
        readingsRefused(r);
        outboxRecords(r);
        outboxShipped(r);
        outboxSwitches(r);
        outboxActive(r, () -> 0);
        outboxBacklog(r, () -> 0);
        egressEvents(r);
        egressDuplicates(r);
        alarmLatency(r);
        alarmEvents(r);
        alarmRecords(r);
        configMismatch(r);
        configMismatchedNodes(r, () -> 0);
        alarmAborted(r);
        alarmRewound(r);
        alarmRestore(r);
        alarmRestoreBytes(r);
        alarmRound(r);
        alarmPartitions(r, () -> 0);
        storeBatches(r);
        storeAlarms(r);
    }
}
