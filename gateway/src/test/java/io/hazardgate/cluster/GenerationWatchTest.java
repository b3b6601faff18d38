package io.hazardgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.TestClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenerationWatchTest {
    private final TestClock clock = new TestClock(1_000_000);
    private final GenerationWatch watch = new GenerationWatch("aaaaaaaaaaaa", clock);

    @Test
    void namesEveryNodeWhoseRecordsCarryAnotherGeneration() {
        watch.seen("ingest-1", "aaaaaaaaaaaa");
        watch.seen("ingest-3", "cccccccccccc");
        watch.seen("ingest-2", "bbbbbbbbbbbb");
        assertEquals(Map.of("ingest-2", "bbbbbbbbbbbb", "ingest-3", "cccccccccccc"), watch.mismatched());
        assertEquals("configuration generations differ: this node runs aaaaaaaaaaaa; ingest-2 sends records of bbbbbbbbbbbb; "
                + "ingest-3 sends records of cccccccccccc (readings are matched by tag until every node runs the same site files)",
                watch.describe());
    }

    @Test
    void aCorrectedNodeClearsTheReportWithItsNextRecord() {
        watch.seen("ingest-2", "bbbbbbbbbbbb");
        assertEquals(1, watch.mismatched().size());
        watch.seen("ingest-2", "aaaaaaaaaaaa");
        assertEquals(Map.of(), watch.mismatched());
        assertTrue(watch.describe().startsWith("every ingest node heard from in the last 5 min runs configuration generation aaaaaaaaaaaa"),
                watch.describe());
    }

    @Test
    void aNodeNotHeardFromForFiveMinutesIsLeftOut() {
        watch.seen("ingest-2", "bbbbbbbbbbbb");
        clock.advance(GenerationWatch.FORGET_AFTER);
        assertEquals(Map.of("ingest-2", "bbbbbbbbbbbb"), watch.mismatched(), "still within the window");
        clock.advance(Duration.ofMillis(1));
        assertEquals(Map.of(), watch.mismatched());
    }

    @Test
    void remembersABoundedNumberOfNodes() {
        for (int i = 0; i < GenerationWatch.MAX_NODES + 50; i++) watch.seen("node-" + i, "bbbbbbbbbbbb");
        assertEquals(GenerationWatch.MAX_NODES, watch.mismatched().size());
        // once the old ones are out of the window, a new node is remembered again
        clock.advance(GenerationWatch.FORGET_AFTER.plusSeconds(1));
        watch.seen("latecomer", "bbbbbbbbbbbb");
        assertEquals(Map.of("latecomer", "bbbbbbbbbbbb"), watch.mismatched());
    }
}
