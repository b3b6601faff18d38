package io.hazardgate.simulator.testing;

import io.hazardgate.simulator.time.Ticker;

/** A wall clock that jumps to whatever time is waited for: a whole run plays without sleeping. */
public final class ManualTicker implements Ticker {
    private long now;

    public ManualTicker(long now) {
        this.now = now;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public void sleepUntil(long wallMillis) {
        now = Math.max(now, wallMillis);
    }
}
