package io.hazardgate.simulator.scenario.verify;

import java.util.Locale;

/** A verdict as people read it: one line per finding, then the result. */
public final class VerdictText {
    private VerdictText() {}

    public static String render(Verdict v) {
        StringBuilder sb = new StringBuilder();
        int what = 10;
        int when = 3;
        for (Finding f : v.findings()) {
            what = Math.max(what, f.what().length());
            when = Math.max(when, Verifier.at(f.offsetMillis()).length());
        }
        for (Finding f : v.findings()) {
            // Failing outcomes shout, so they stand out among the ok lines.
            String label = f.outcome().fails() ? f.outcome().name() : f.outcome().name().toLowerCase(Locale.ROOT);
            sb.append(String.format(Locale.ROOT, "  %-10s %" + when + "s  %-" + what + "s  %s%n", label, Verifier.at(f.offsetMillis()), f.what(),
                    f.detail()));
        }
        if (v.passed()) {
            sb.append("PASSED ").append(v.scenario()).append(": ").append(v.count(Finding.Outcome.OK)).append(" expected, all in time, nothing unexpected");
        } else {
            sb.append("FAILED ").append(v.scenario()).append(':');
            for (Finding.Outcome o : Finding.Outcome.values()) {
                long n = v.count(o);
                if (o.fails() && n > 0) sb.append(' ').append(n).append(' ').append(o.name().toLowerCase(Locale.ROOT)).append(',');
            }
            sb.setLength(sb.length() - 1);
            sb.append(" (").append(v.count(Finding.Outcome.OK)).append(" ok)");
        }
        long skipped = v.count(Finding.Outcome.SKIPPED);
        if (skipped > 0) sb.append("; ").append(skipped).append(" skipped");
        if (v.ignored() > 0) sb.append("; ").append(v.ignored()).append(" events ignored (other sites or kinds, or caused before the start)");
        return sb.append('\n').toString();
    }
}
