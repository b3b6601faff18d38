package io.hazardgate.simulator.load;

import io.hazardgate.simulator.cli.Durations;
import java.time.Instant;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The plain-text summary printed at the end of a load run. */
public final class LoadSummary {
    /** Percentiles reported everywhere, in this order. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private LoadSummary() {}

    public static String text(LoadResult r) {
        LoadSettings s = r.settings();
        StringBuilder sb = new StringBuilder();
        sb.append(f("Load run against %s: site %s, %,d devices on %,d clients, %d readings per message, QoS %d%n",
                s.broker().url(), s.naming().site(), s.devices(), s.clients(), s.readingsPerMessage(), s.qos()));
        sb.append(f("started     %s (epoch ms %d)%n", Instant.ofEpochMilli(r.startedAtMillis()), r.startedAtMillis()));
        sb.append(f("target      %s, ramp %s, %s, in-flight window %,d per client%n",
                s.rate() == 0 ? "unlimited rate" : f("%,.0f msg/s", s.rate()), Durations.format(s.ramp()), bound(s), s.maxInflight()));
        sb.append(f("published   %,13d messages %,15d readings %,11.0f msg/s %,13.0f readings/s  (%.2f s)%n",
                r.published(), r.readingsPublished(), r.publishedPerSecond(), r.publishedPerSecond() * s.readingsPerMessage(),
                r.publishSeconds()));
        sb.append(f("%-11s %,13d messages %,15d readings %,11.0f msg/s %,13.0f readings/s  (%.2f s)%n",
                s.qos() == 1 ? "acked" : "written", r.acked(), r.readingsAcked(), r.ackedPerSecond(),
                r.ackedPerSecond() * s.readingsPerMessage(), r.ackSeconds()));
        sb.append(f("errors      %,d (failed %,d, refused %,d), connections lost %,d, unacknowledged at end %,d%n",
                r.errors(), r.failed(), r.refused(), r.connectionsLost(), r.unacknowledged()));
        sb.append(s.qos() == 1 ? "PUBACK latency " : "write latency  ").append(percentiles(r.ackLatency(), 2)).append('\n');
        if (r.hasSubscriber()) {
            long expected = s.qos() == 1 ? r.acked() : r.published();
            sb.append(f("subscriber  '%s' received %,d of %,d %s (%.2f %%)%n", s.subscribeFilter(), r.received(), expected,
                    s.qos() == 1 ? "acked" : "published", expected == 0 ? 100.0 : 100.0 * r.received() / expected));
            sb.append(f("received    %,13d messages %,15d readings %,11.0f msg/s %,13.0f readings/s  (%.2f s to the last)%n",
                    r.received(), r.received() * s.readingsPerMessage(), r.receivedPerSecond(),
                    r.receivedPerSecond() * s.readingsPerMessage(), r.receiveSeconds()));
            sb.append("delivery latency (publish ts to arrival, ms resolution) ").append(percentiles(r.deliveryLatency(), 0)).append('\n');
        }
        AlarmLatency a = r.alarms();
        if (a != null) {
            sb.append(f("alarms      every %,d messages: %,d triggers, %,d raised, %,d cleared, %,d missing, %,d unexplained%n",
                    s.alarmEvery(), a.triggers(), a.raised(), a.cleared(), a.missing(), a.unmatched()));
            sb.append("alarm latency (publish to raised event at subscriber) ").append(percentiles(a.latency(), 2)).append('\n');
            if (a.triggers() > 0 && a.raised() == 0) {
                sb.append("            no alarm came back: does the gateway have the gen-load-config site of this run?\n");
            }
        }
        return sb.toString();
    }

    static String bound(LoadSettings s) {
        String d = s.duration() == null ? null : "duration " + Durations.format(s.duration());
        String m = s.messages() == Long.MAX_VALUE ? null : f("%,d messages", s.messages());
        if (d != null && m != null) return d + " or " + m;
        return d != null ? d : m;
    }

    /** {@code p50 0.52 ms  p90 ...  max 12.00 ms  (n samples)} from a histogram in microseconds. */
    public static String percentiles(Histogram h, int decimals) {
        if (h == null || h.getTotalCount() == 0) return "no samples";
        StringBuilder sb = new StringBuilder();
        String fmt = "%s %." + decimals + "f ms  ";
        for (double p : PERCENTILES) sb.append(f(fmt, "p" + label(p), h.getValueAtPercentile(p) / 1000.0));
        sb.append(f(fmt, "max", h.getMaxValue() / 1000.0));
        return sb.append(f("(%,d samples)", h.getTotalCount())).toString();
    }

    public static String label(double p) {
        return p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
