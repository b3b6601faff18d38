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

    /** A clock that jumps to whatever time is waited for: a dry run plays hours of plant time at once. */
    static Ticker jumping(long startMillis) {
        return new Ticker() {
            private long now = startMillis;

            @Override
            public long nowMillis() {
                return now;
            }

            @Override
            public void sleepUntil(long wallMillis) {
                now = Math.max(now, wallMillis);
            }
        };
    }

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
