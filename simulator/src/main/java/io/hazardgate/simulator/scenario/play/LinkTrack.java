package io.hazardgate.simulator.scenario.play;

import io.hazardgate.simulator.scenario.GarbageIncident;
import io.hazardgate.simulator.scenario.OfflineIncident;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One logger's link under a scenario: its outages and garbage in time order, whether the link is down
 * now, and what the logger keeps meanwhile (messages and garbage alike, in the order produced).
 */
final class LinkTrack {
    /** A message kept while the link is down: a batch, or a raw payload. */
    record Held(TelemetryBatch batch, byte[] raw) {}

    final List<OfflineIncident> outages;
    final List<GarbageIncident> garbage;
    final List<GarbageIncident> garbageSent = new ArrayList<>();
    final Deque<Held> held = new ArrayDeque<>();
    OfflineIncident down;
    long lost;

    LinkTrack(List<OfflineIncident> outages, List<GarbageIncident> garbage) {
        this.outages = outages;
        this.garbage = garbage;
    }

    OfflineIncident outageAt(long offset) {
        for (OfflineIncident o : outages) {
            if (offset >= o.atMillis() && offset < o.endMillis()) return o;
        }
        return null;
    }

    /** Garbage due by {@code offset} and not sent yet, in time order. */
    List<GarbageIncident> garbageDue(long offset) {
        List<GarbageIncident> due = new ArrayList<>();
        for (GarbageIncident g : garbage) {
            if (g.atMillis() <= offset && !garbageSent.contains(g)) due.add(g);
        }
        garbageSent.addAll(due);
        return due;
    }
}
