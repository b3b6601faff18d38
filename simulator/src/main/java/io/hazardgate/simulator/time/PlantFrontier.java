package io.hazardgate.simulator.time;

/**
 * How far a running plant has got, for a gateway whose clock follows plant time (a test's gateway in
 * the same process): the plant clock, held back to the next message not yet sent, and to a little past
 * the oldest one sent but not yet acknowledged by the broker. A gateway clock that never passes it
 * sees every reading arrive fresh enough to be live, however long either side of the connection stalls
 * (a busy machine, a collection pause): without it, at a test's speeds a stall of a fraction of a second
 * is minutes of plant time, and the readings sent after it arrive stale and go unevaluated.
 */
@FunctionalInterface
public interface PlantFrontier {
    long plantMillis();
}
