package io.hazardgate.simulator.scenario;

/**
 * An {@code expectNone} entry: no alarm event (on {@code tag}, of {@code kind}, where given) may be
 * caused between {@code from} (inclusive) and {@code until} (exclusive), unless it is one an
 * expectation asked for.
 *
 * @param tag  {@code null} for every tag
 * @param kind {@code null} for every kind
 */
public record QuietWindow(String field, String site, String tag, String kind, TimeRef from, TimeRef until) {
    public boolean covers(String eventSite, String eventTag, String eventKind, long offsetMillis) {
        return (site == null || site.equals(eventSite)) && (tag == null || tag.equals(eventTag))
                && (kind == null || kind.equals(eventKind)) && offsetMillis >= from.offsetMillis() && offsetMillis < until.offsetMillis();
    }

    public String describe() {
        return "no " + (kind == null ? "" : kind + " ") + "alarm" + (tag == null ? "" : " on " + tag) + " from " + from.label()
                + " until " + until.label();
    }
}
