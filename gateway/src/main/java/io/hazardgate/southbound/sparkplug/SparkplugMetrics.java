package io.hazardgate.southbound.sparkplug;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The Sparkplug host's meters, in one place (listed in docs/operations.md). */
final class SparkplugMetrics {
    final Counter births;
    final Counter data;
    final Counter deaths;
    final Counter staleDeaths;
    final Counter seqGaps;
    final Counter beforeBirth;
    final Counter malformed;
    final Counter refused;
    final Counter rebirths;

    SparkplugMetrics(MeterRegistry r) {
        births = messages(r, "birth");
        data = messages(r, "data");
        deaths = messages(r, "death");
        staleDeaths = messages(r, "stale_death");
        seqGaps = messages(r, "seq_gap");
        beforeBirth = messages(r, "before_birth");
        malformed = messages(r, "malformed");
        refused = messages(r, "refused");
        rebirths = Counter.builder("hazardgate.southbound.sparkplug.rebirths")
                .description("Rebirth requests (NCMD Node Control/Rebirth) sent to edge nodes").register(r);
    }

    /**
     * Sparkplug messages by what they were: birth, data, death; stale_death (a death whose bdSeq is not
     * the current birth's: ignored), seq_gap (a message out of sequence), before_birth (data from a node
     * or alias not born yet: refused), malformed (not a Sparkplug B payload), refused (ingest refused it).
     */
    private static Counter messages(MeterRegistry r, String kind) {
        return Counter.builder("hazardgate.southbound.sparkplug.messages").tag("kind", kind)
                .description("Sparkplug B messages by kind and outcome").register(r);
    }
}
