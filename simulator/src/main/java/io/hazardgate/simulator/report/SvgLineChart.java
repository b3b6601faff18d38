package io.hazardgate.simulator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart drawn as inline SVG, so a report is one self-contained file with no scripts. NaN
 * values leave a gap in their line. The x axis may carry custom ticks (e.g. a percentile axis).
 */
public final class SvgLineChart {
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 34;
    private static final int BOTTOM = 56;
    private static final int TICKS = 5;

    private record Series(String name, String colour, boolean dashed, double[] xs, double[] ys) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private double[] xTickPositions;
    private String[] xTickLabels;

    public SvgLineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public SvgLineChart series(String name, String colour, double[] xs, double[] ys) {
        return series(name, colour, false, xs, ys);
    }

    /** @param dashed draw the line dashed, so a series another one covers stays visible */
    public SvgLineChart series(String name, String colour, boolean dashed, double[] xs, double[] ys) {
        if (xs.length != ys.length) throw new IllegalArgumentException("series " + name + ": " + xs.length + " x values, " + ys.length + " y values");
        series.add(new Series(name, colour, dashed, xs.clone(), ys.clone()));
        return this;
    }

    /** Ticks at the given x positions with the given labels instead of evenly spaced numbers. */
    public SvgLineChart xTicks(double[] positions, String[] labels) {
        this.xTickPositions = positions.clone();
        this.xTickLabels = labels.clone();
        return this;
    }

    public String render(int width, int height) {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMax = 0;
        for (Series s : series) {
            for (int i = 0; i < s.xs.length; i++) {
                if (Double.isNaN(s.ys[i])) continue;
                xMin = Math.min(xMin, s.xs[i]);
                xMax = Math.max(xMax, s.xs[i]);
                yMax = Math.max(yMax, s.ys[i]);
            }
        }
        if (xTickPositions != null) {
            for (double x : xTickPositions) {
                xMin = Math.min(xMin, x);
                xMax = Math.max(xMax, x);
            }
        }
        if (!(xMin < xMax)) {
            xMin = Double.isFinite(xMin) ? xMin - 1 : 0;
            xMax = xMin + 2;
        }
        double yStep = niceStep(yMax <= 0 ? 1 : yMax / TICKS);
        double yTop = yStep * Math.max(1, Math.ceil(yMax / yStep));
        int plotW = width - LEFT - RIGHT;
        int plotH = height - TOP - BOTTOM;
        double fx = plotW / (xMax - xMin);
        double fy = plotH / yTop;
        final double x0 = xMin;

        StringBuilder sb = new StringBuilder();
        sb.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n",
                width, height, width, height, Html.escape(title)));
        sb.append(f("<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>%n", width, height));
        sb.append(f("<text x=\"%d\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", LEFT, Html.escape(title)));
        for (double y = 0; y <= yTop + yStep / 2; y += yStep) {
            double py = TOP + plotH - y * fy;
            sb.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, py, LEFT + plotW, py));
            sb.append(f("<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>%n", LEFT - 6, py + 4, number(y)));
        }
        double[] xt;
        String[] xl;
        if (xTickPositions != null) {
            xt = xTickPositions;
            xl = xTickLabels;
        } else {
            double xStep = niceStep((xMax - xMin) / TICKS);
            List<Double> ticks = new ArrayList<>();
            for (double x = Math.ceil(xMin / xStep) * xStep; x <= xMax + xStep / 1e6; x += xStep) ticks.add(x);
            xt = ticks.stream().mapToDouble(Double::doubleValue).toArray();
            xl = ticks.stream().map(SvgLineChart::number).toArray(String[]::new);
        }
        for (int i = 0; i < xt.length; i++) {
            double px = LEFT + (xt[i] - x0) * fx;
            sb.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n", px, TOP, px, TOP + plotH));
            sb.append(f("<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n", px, TOP + plotH + 16, Html.escape(xl[i])));
        }
        sb.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n", LEFT, TOP, plotW, plotH));
        sb.append(f("<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>%n", LEFT + plotW / 2, height - 24, Html.escape(xLabel)));
        sb.append(f("<text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>%n",
                TOP + plotH / 2, TOP + plotH / 2, Html.escape(yLabel)));

        int legendX = LEFT;
        for (Series s : series) {
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < s.xs.length; i++) {
                if (Double.isNaN(s.ys[i])) {
                    pen = false;
                    continue;
                }
                d.append(pen ? 'L' : 'M').append(f("%.1f %.1f ", LEFT + (s.xs[i] - x0) * fx, TOP + plotH - s.ys[i] * fy));
                pen = true;
            }
            sb.append(f("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s/>%n", d.toString().trim(), s.colour,
                    s.dashed ? " stroke-dasharray=\"6 4\"" : ""));
            sb.append(f("<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>%n", legendX, height - 10, s.colour));
            sb.append(f("<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", legendX + 18, height - 5, Html.escape(s.name)));
            legendX += 30 + 7 * s.name.length();
        }
        return sb.append("</svg>\n").toString();
    }

    /** 1, 2 or 5 times a power of ten, whichever is nearest to {@code raw}. */
    static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / mag;
        return (n < 1.5 ? 1 : n < 3.5 ? 2 : n < 7.5 ? 5 : 10) * mag;
    }

    static String number(double v) {
        if (Math.abs(v) >= 1e6) return f("%.1fM", v / 1e6);
        if (Math.abs(v) >= 1e4) return f("%.0fk", v / 1e3);
        if (v == Math.rint(v)) return f("%.0f", v);
        return f("%.2f", v).replaceAll("0+$", "");
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
