package io.hazardgate.api;

/**
 * What {@code /ready} reports: the gateway is ready when its listeners are bound, its log takes writes
 * and its time-series store is reachable.
 */
public interface Readiness {
    /** One check's verdict. */
    record Check(String name, boolean ok, String detail) {}

    java.util.List<Check> checks();

    /** Figures shown beside the checks (how far the store is behind, the log's state). */
    default java.util.Map<String, Object> facts() { return java.util.Map.of(); }
}
