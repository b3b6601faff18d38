package io.hazardgate.record;

/**
 * Who acknowledged an alarm, when and why.
 *
 * @param ts epoch ms, gateway clock
 */
public record Acknowledgement(String by, long ts, String comment) {}
