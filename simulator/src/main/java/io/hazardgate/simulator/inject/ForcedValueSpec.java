package io.hazardgate.simulator.inject;

import io.hazardgate.simulator.cli.Durations;
import io.hazardgate.simulator.cli.UsageException;
import java.time.Duration;

/**
 * A {@code --set [SITE/]TAG=VALUE[@DURATION]} option: force the point to VALUE from the start of the run,
 * for DURATION of plant time or for the whole run.
 *
 * @param site     {@code null} when not given
 * @param duration {@code null} for the whole run
 */
public record ForcedValueSpec(String site, String tag, double value, Duration duration) {
    public static ForcedValueSpec parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) throw new UsageException("--set must look like TAG=VALUE[@DURATION], got '" + text + "'");
        String target = text.substring(0, eq);
        String rest = text.substring(eq + 1);
        String site = null;
        int slash = target.indexOf('/');
        if (slash >= 0) {
            site = target.substring(0, slash);
            target = target.substring(slash + 1);
        }
        Duration duration = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                duration = Durations.parse(rest.substring(at + 1));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--set " + text + ": duration " + e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        double value;
        try {
            value = Double.parseDouble(rest);
        } catch (NumberFormatException e) {
            throw new UsageException("--set " + text + ": value must be a number, got '" + rest + "'");
        }
        if (!Double.isFinite(value)) throw new UsageException("--set " + text + ": value must be finite");
        if (target.isEmpty()) throw new UsageException("--set " + text + ": tag is empty");
        return new ForcedValueSpec(site, target, value, duration);
    }

    /** The effect for a run whose plant time starts at {@code originMillis}. */
    public ForcedValue effect(long originMillis) {
        long until = duration == null ? Long.MAX_VALUE : originMillis + duration.toMillis();
        return new ForcedValue(site, tag, value, originMillis, until);
    }
}
