package io.hazardgate.simulator.time;

/**
 * Wall-clock time and waiting, injected so that a run can be driven by a test without sleeping: a
 * test ticker jumps straight to the time asked for.
 */
public interface Ticker {
    /** Current wall-clock time, epoch milliseconds. */
    long nowMillis();

    /** Returns once {@link #nowMillis()} has reached {@code wallMillis} (at once if it already has). */
    void sleepUntil(long wallMillis) throws InterruptedException;

    /** The machine's clock. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nowMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleepUntil(long wallMillis) throws InterruptedException {
            long wait;
            while ((wait = wallMillis - System.currentTimeMillis()) > 0) Thread.sleep(Math.min(wait, 1_000));
        }
    };
}
