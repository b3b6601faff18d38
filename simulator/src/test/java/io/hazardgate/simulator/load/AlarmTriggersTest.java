package io.hazardgate.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmTriggersTest {
    private static final LoadNaming NAMING = new LoadNaming("load", "L");

    /** The messages (by count sent) on which a client of one device and one window triggers. */
    private static List<Long> triggering(int every, int offset, int messages) {
        AlarmTriggers t = new AlarmTriggers(null, every, offset, 1, 1, NAMING);
        List<Long> out = new ArrayList<>();
        for (long sent = 0; sent < messages; sent++) {
            if (t.next(sent, 0, 0, 0, 0) != null) out.add(sent);
        }
        return out;
    }

    @Test
    void clientsStartedTogetherTriggerAtTheirOwnPlacesInTheCycle() {
        // the first message clears what an earlier run left; then every 10th, counted from the offset
        assertEquals(List.of(10L, 20L, 30L), triggering(10, 0, 40));
        assertEquals(List.of(5L, 15L, 25L, 35L), triggering(10, 5, 40));
        assertEquals(List.of(7L, 17L, 27L, 37L), triggering(10, 3, 40));
    }
}
