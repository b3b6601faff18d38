package io.hazardgate.store.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where the store writer splits a batch the store refused: at a line start near the middle, never inside a line. */
class BatchSplitTest {
    @Test
    void splitsAtALineStartNearTheMiddleAndNotASingleLine() {
        String text = "a,t=1 v=1\nb,t=2 v=2\nc,t=3 v=3\nd,t=4 v=4\n";
        assertEquals(20, BatchSender.split(text, 0, text.length()));
        assertEquals(10, BatchSender.split(text, 0, 20));
        assertEquals(30, BatchSender.split(text, 20, 40));
        assertEquals(-1, BatchSender.split(text, 10, 20), "one line is not split");
        String uneven = "a-very-long-line,t=1 v=1\nb v=2\n";
        assertEquals(25, BatchSender.split(uneven, 0, uneven.length()));
    }
}
