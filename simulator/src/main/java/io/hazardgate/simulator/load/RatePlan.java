package io.hazardgate.simulator.load;

/**
 * How many messages may have been sent by a given time: a target rate, reached linearly over a ramp,
 * and an optional total.
 *
 * @param perSecond target rate in messages per second; 0 means as fast as the in-flight windows allow
 * @param rampNanos time to reach the target rate from zero
 * @param total     messages to send in all; {@link Long#MAX_VALUE} for no bound
 */
public record RatePlan(double perSecond, long rampNanos, long total) {
    public RatePlan {
        if (perSecond < 0 || !Double.isFinite(perSecond)) throw new IllegalArgumentException("rate must be >= 0");
        if (rampNanos < 0) throw new IllegalArgumentException("ramp must be >= 0");
        if (total < 0) throw new IllegalArgumentException("total must be >= 0");
    }

    public boolean unlimitedRate() {
        return perSecond == 0;
    }

    /** Messages allowed by {@code elapsedNanos} after the start: the integral of the ramped rate. */
    public long allowedBy(long elapsedNanos) {
        if (unlimitedRate()) return total;
        double t = Math.max(0, elapsedNanos) / 1e9;
        double ramp = rampNanos / 1e9;
        double n = t < ramp ? perSecond * t * t / (2 * ramp) : perSecond * (t - ramp / 2);
        // The first message goes at once, so a run at 1 msg/s starts sending immediately.
        return Math.min(total, (long) n + 1);
    }

    /**
     * When, in nanoseconds after the start, the plan allows message number {@code sent + 1}: the first
     * time {@link #allowedBy} exceeds {@code sent}. A publisher that has sent {@code sent} sleeps until
     * then instead of looking again and again. {@link Long#MAX_VALUE} when the total is reached; 0 for
     * an unlimited rate.
     */
    public long dueAt(long sent) {
        if (sent >= total) return Long.MAX_VALUE;
        if (unlimitedRate() || sent <= 0) return 0;
        double ramp = rampNanos / 1e9;
        double atRampEnd = perSecond * ramp / 2;
        double t = sent < atRampEnd ? Math.sqrt(2 * ramp * sent / perSecond) : sent / perSecond + ramp / 2;
        long due = (long) Math.ceil(t * 1e9);
        while (allowedBy(due) <= sent) due++; // rounding: never wake a nanosecond early for good
        return due;
    }

    /**
     * This plan divided among {@code parts} equal publishers; part {@code i} also takes one of the
     * remaining messages when the total does not divide evenly.
     */
    public RatePlan share(int i, int parts) {
        long t = total == Long.MAX_VALUE ? total : total / parts + (i < total % parts ? 1 : 0);
        return new RatePlan(perSecond / parts, rampNanos, t);
    }
}
