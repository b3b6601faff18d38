package io.hazardgate.southbound.hj212;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The HJ 212 listener's meters, in one place (listed in docs/operations.md). */
public final class Hj212Metrics {
    public final Counter accepted;
    public final Counter ignored;
    public final Counter refused;
    public final Counter unauthorised;
    public final Counter badCrc;
    public final Counter malformed;
    public final Counter oversized;
    public final Counter discardedBytes;
    public final Counter connectionsRefused;
    public final Counter connectionsClosed;
    public final Counter answers;

    public Hj212Metrics(MeterRegistry r) {
        accepted = packets(r, "accepted");
        ignored = packets(r, "ignored");
        refused = packets(r, "refused");
        unauthorised = packets(r, "unauthorised");
        badCrc = packets(r, "bad_crc");
        malformed = packets(r, "malformed");
        oversized = packets(r, "oversized");
        discardedBytes = Counter.builder("hazardgate.southbound.hj212.discarded").baseUnit("bytes")
                .description("Bytes between HJ 212 packets that were not a packet (skipped to the next ##)").register(r);
        connectionsRefused = Counter.builder("hazardgate.southbound.hj212.connections").tag("outcome", "refused")
                .description("HJ 212 connections refused (too many open) or closed by the gateway").register(r);
        connectionsClosed = Counter.builder("hazardgate.southbound.hj212.connections").tag("outcome", "closed")
                .description("HJ 212 connections refused (too many open) or closed by the gateway").register(r);
        answers = Counter.builder("hazardgate.southbound.hj212.answers")
                .description("Data answers (CN=9014) sent once the packet's readings were durable").register(r);
    }

    /**
     * Packets by outcome: accepted (data taken), ignored (a command without data), refused (invalid
     * data or the gateway busy), unauthorised (unknown MN or wrong PW), bad_crc, malformed (a data
     * segment that is not one), oversized (a length over the limit).
     */
    private static Counter packets(MeterRegistry r, String outcome) {
        return Counter.builder("hazardgate.southbound.hj212.packets").tag("outcome", outcome)
                .description("HJ 212 packets by outcome").register(r);
    }
}
