package io.hazardgate.simulator.load;

import io.hazardgate.simulator.report.Html;
import io.hazardgate.simulator.report.SvgLineChart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A load run as one self-contained HTML file: the summary, throughput over time, latency over time and
 * the latency percentile spectrum, charts as inline SVG; no scripts, no external resources.
 */
public final class HtmlLoadReport {
    private static final String PUBLISHED = "#1f77b4";
    private static final String ACKED = "#2ca02c";
    private static final String RECEIVED = "#ff7f0e";
    private static final String P99 = "#d62728";
    private static final String MAX = "#7f7f7f";
    private static final String ALARM = "#9467bd";
    private static final double[] SPECTRUM_TICKS = {0, 90, 99, 99.9, 99.99, 99.999};

    private HtmlLoadReport() {}

    public static String render(LoadResult r) {
        LoadSettings s = r.settings();
        List<LoadSample> samples = r.samples();
        int n = samples.size();
        double[] t = new double[n];
        double[] published = new double[n];
        double[] acked = new double[n];
        double[] received = new double[n];
        double[] p50 = new double[n];
        double[] p99 = new double[n];
        double[] max = new double[n];
        double previous = 0;
        for (int i = 0; i < n; i++) {
            LoadSample x = samples.get(i);
            double width = Math.max(1e-3, x.elapsedSeconds() - previous);
            previous = x.elapsedSeconds();
            t[i] = x.elapsedSeconds();
            published[i] = x.published() / width;
            acked[i] = x.acked() / width;
            received[i] = x.received() / width;
            p50[i] = x.ackP50Millis();
            p99[i] = x.ackP99Millis();
            max[i] = x.ackMaxMillis();
        }
        String ack = s.qos() == 1 ? "PUBACK" : "write";

        SvgLineChart throughput = new SvgLineChart("Throughput", "seconds since start", "messages per second")
                .series("published", PUBLISHED, true, t, published)
                .series(s.qos() == 1 ? "acknowledged" : "written", ACKED, t, acked);
        if (r.hasSubscriber()) throughput.series("received by subscriber", RECEIVED, t, received);
        SvgLineChart overTime = new SvgLineChart("Publish to " + ack + " latency per second", "seconds since start", "milliseconds")
                .series("p50", ACKED, t, p50).series("p99", P99, t, p99).series("max", MAX, t, max);
        SvgLineChart spectrum = spectrum("Latency by percentile", r);

        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        h.append("<title>HazardGate load run ").append(Html.escape(Instant.ofEpochMilli(r.startedAtMillis()).toString())).append("</title>\n");
        h.append("<style>body{font-family:sans-serif;margin:24px;color:#222}pre{background:#f6f6f6;padding:12px;overflow-x:auto}"
                + "table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}"
                + "th:first-child,td:first-child{text-align:left}figure{margin:16px 0}</style>\n</head><body>\n");
        h.append("<h1>Load run against ").append(Html.escape(s.broker().url())).append("</h1>\n");
        h.append("<p>Started ").append(Html.escape(Instant.ofEpochMilli(r.startedAtMillis()).toString())).append(".</p>\n");
        h.append("<pre>").append(Html.escape(LoadSummary.text(r))).append("</pre>\n");
        h.append(percentileTable(r));
        h.append("<figure>").append(throughput.render(900, 320)).append("</figure>\n");
        h.append("<figure>").append(overTime.render(900, 320)).append("</figure>\n");
        h.append("<figure>").append(spectrum.render(900, 320)).append("</figure>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String percentileTable(LoadResult r) {
        StringBuilder sb = new StringBuilder("<table><tr><th>latency (ms)</th>");
        for (double p : LoadSummary.PERCENTILES) sb.append("<th>p").append(LoadSummary.label(p)).append("</th>");
        sb.append("<th>max</th><th>samples</th></tr>\n");
        row(sb, r.settings().qos() == 1 ? "publish to PUBACK" : "publish to write", r.ackLatency());
        if (r.deliveryLatency() != null) row(sb, "publish to subscriber (ms resolution)", r.deliveryLatency());
        if (r.alarms() != null) row(sb, "publish to alarm event (end to end)", r.alarms().latency());
        return sb.append("</table>\n").toString();
    }

    private static void row(StringBuilder sb, String name, Histogram h) {
        sb.append("<tr><td>").append(Html.escape(name)).append("</td>");
        boolean any = h.getTotalCount() > 0;
        for (double p : LoadSummary.PERCENTILES) sb.append("<td>").append(any ? ms(h.getValueAtPercentile(p)) : "-").append("</td>");
        sb.append("<td>").append(any ? ms(h.getMaxValue()) : "-").append("</td><td>").append(h.getTotalCount()).append("</td></tr>\n");
    }

    /**
     * The classic latency spectrum: x is {@code log10(1 / (1 - percentile))}, so 90, 99, 99.9 % are
     * evenly spaced and the tail is visible.
     */
    private static SvgLineChart spectrum(String title, LoadResult r) {
        SvgLineChart c = new SvgLineChart(title, "percentile", "milliseconds");
        addSpectrum(c, r.settings().qos() == 1 ? "publish to PUBACK" : "publish to write", ACKED, r.ackLatency());
        if (r.deliveryLatency() != null) addSpectrum(c, "publish to subscriber", RECEIVED, r.deliveryLatency());
        if (r.alarms() != null) addSpectrum(c, "publish to alarm event", ALARM, r.alarms().latency());
        double[] pos = new double[SPECTRUM_TICKS.length];
        String[] labels = new String[SPECTRUM_TICKS.length];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = spectrumX(SPECTRUM_TICKS[i]);
            labels[i] = LoadSummary.label(SPECTRUM_TICKS[i]) + "%";
        }
        return c.xTicks(pos, labels);
    }

    private static void addSpectrum(SvgLineChart c, String name, String colour, Histogram h) {
        if (h.getTotalCount() == 0) return;
        List<double[]> points = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            if (v.getPercentileLevelIteratedTo() >= 100) break;
            points.add(new double[] {spectrumX(v.getPercentileLevelIteratedTo()), v.getValueIteratedTo() / 1000.0});
        }
        points.add(new double[] {spectrumX(SPECTRUM_TICKS[SPECTRUM_TICKS.length - 1]), h.getMaxValue() / 1000.0});
        c.series(name, colour, points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
    }

    private static double spectrumX(double percentile) {
        return Math.log10(1 / (1 - Math.min(percentile, 99.999) / 100));
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1000.0);
    }
}
