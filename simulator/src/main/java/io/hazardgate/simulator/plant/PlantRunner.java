package io.hazardgate.simulator.plant;

import io.hazardgate.simulator.time.Ticker;
import io.hazardgate.simulator.time.TimeBase;

/**
 * Drives a {@link PlantPlayer} in real time: waits on the {@link Ticker} until the next message is due
 * on the wall clock (plant time divided by the speed), then plays up to now. If the player falls
 * behind (a slow machine, a stopped process), the readings missed are sent late with their own
 * timestamps rather than skipped.
 */
public final class PlantRunner {
    private final PlantPlayer player;
    private final TimeBase timeBase;
    private final Ticker ticker;
    private volatile boolean stopped;

    public PlantRunner(PlantPlayer player, TimeBase timeBase, Ticker ticker) {
        this.player = player;
        this.timeBase = timeBase;
        this.ticker = ticker;
    }

    /**
     * Plays until {@code wallEndMillis} (exclusive; {@link Long#MAX_VALUE} for no end), {@link #stop()}
     * or an interrupt.
     */
    public void run(long wallEndMillis) throws InterruptedException {
        while (!stopped) {
            long due = player.nextDue();
            long wallDue = due == Long.MAX_VALUE ? Long.MAX_VALUE : timeBase.toWall(due);
            if (wallDue >= wallEndMillis) {
                if (wallEndMillis != Long.MAX_VALUE) ticker.sleepUntil(wallEndMillis);
                return;
            }
            ticker.sleepUntil(wallDue);
            // Having waited until wallDue, the due message is owed even if rounding puts plant time a hair short.
            player.advanceTo(Math.max(due, timeBase.toPlant(ticker.nowMillis())));
        }
    }

    /**
     * Plays every message due before plant time {@code plantEndMillis} (exclusive), then waits until
     * the wall clock reaches that plant time; returns early on {@link #stop()} or an interrupt.
     */
    public void runUntilPlant(long plantEndMillis) throws InterruptedException {
        while (!stopped) {
            long due = player.nextDue();
            if (due >= plantEndMillis) {
                ticker.sleepUntil(timeBase.toWall(plantEndMillis));
                return;
            }
            ticker.sleepUntil(timeBase.toWall(due));
            player.advanceTo(Math.min(plantEndMillis - 1, Math.max(due, timeBase.toPlant(ticker.nowMillis()))));
        }
    }

    public boolean stopped() {
        return stopped;
    }

    /** Ends {@link #run} after the message being sent, if any. */
    public void stop() {
        stopped = true;
    }
}
