package io.hazardgate.simulator.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Once a second, takes the counters' deltas and the interval's latency histogram, prints the live
 * progress line and keeps the sample for the report; accumulates the run's total histograms.
 */
final class LoadSampler {
    private final LoadStats stats;
    private final SubscribeCounter counter;
    private final RatePlan plan;
    private final long startNanos;
    private final int readingsPerMessage;
    private final PrintStream progress;
    private final List<LoadSample> samples = new ArrayList<>();
    private final Histogram ackTotal = new Histogram(LoadStats.MAX_LATENCY_MICROS, LoadStats.SIGNIFICANT_DIGITS);
    private final Histogram deliveryTotal = new Histogram(LoadStats.MAX_LATENCY_MICROS, LoadStats.SIGNIFICANT_DIGITS);
    private long lastPublished;
    private long lastAcked;
    private long lastReceived;
    private Histogram recycleAck;
    private Histogram recycleDelivery;

    /** @param counter {@code null} without a counting subscriber; @param progress {@code null} for silence */
    LoadSampler(LoadStats stats, SubscribeCounter counter, RatePlan plan, long startNanos, int readingsPerMessage, PrintStream progress) {
        this.stats = stats;
        this.counter = counter;
        this.plan = plan;
        this.startNanos = startNanos;
        this.readingsPerMessage = readingsPerMessage;
        this.progress = progress;
    }

    /** Called by one thread only: the sampler's timer, then the run's end. */
    synchronized LoadSample sample(boolean publishing) {
        long now = System.nanoTime();
        long published = stats.publishedCount();
        long acked = stats.ackedCount();
        long received = counter == null ? 0 : counter.messages();
        Histogram interval = stats.latency().getIntervalHistogram(recycleAck);
        ackTotal.add(interval);
        recycleAck = interval;
        if (counter != null) {
            Histogram delivery = counter.latency().getIntervalHistogram(recycleDelivery);
            deliveryTotal.add(delivery);
            recycleDelivery = delivery;
        }
        long lag = publishing && !plan.unlimitedRate() ? Math.max(0, plan.allowedBy(now - startNanos) - published) : 0;
        boolean any = interval.getTotalCount() > 0;
        LoadSample s = new LoadSample((now - startNanos) / 1e9, published - lastPublished, acked - lastAcked,
                received - lastReceived, stats.errorCount(), stats.inFlight(), lag,
                any ? millis(interval.getValueAtPercentile(50)) : Double.NaN,
                any ? millis(interval.getValueAtPercentile(99)) : Double.NaN,
                any ? millis(interval.getMaxValue()) : Double.NaN);
        lastPublished = published;
        lastAcked = acked;
        lastReceived = received;
        samples.add(s);
        if (progress != null) progress.println(line(s, published, acked, received));
        return s;
    }

    private String line(LoadSample s, long published, long acked, long received) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%6.1fs  rate %,9d msg/s (%,11d readings/s)  acked %,11d  in flight %,7d  lag %,9d  errors %,d",
                s.elapsedSeconds(), s.acked(), s.acked() * readingsPerMessage, acked, s.inFlight(), s.lag(), s.errors()));
        if (!Double.isNaN(s.ackP99Millis())) sb.append(String.format(Locale.ROOT, "  p99 %.2f ms", s.ackP99Millis()));
        if (counter != null) sb.append(String.format(Locale.ROOT, "  received %,d", received));
        return sb.toString();
    }

    static double millis(long micros) {
        return micros / 1_000.0;
    }

    synchronized List<LoadSample> samples() {
        return List.copyOf(samples);
    }

    Histogram ackTotal() {
        return ackTotal;
    }

    Histogram deliveryTotal() {
        return deliveryTotal;
    }
}
