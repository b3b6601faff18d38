package io.hazardgate.simulator.scenario;

/**
 * A message the gateway must send on {@code plant/{site}/{device}/errors} (a refused payload, or a
 * warning about unknown tags) whose text contains {@code text}, within {@code withinMillis} of
 * {@code after}.
 */
public record ErrorExpectation(String field, String site, String device, String text, TimeRef after, long withinMillis) {
    public long windowEnd() {
        return after.offsetMillis() + withinMillis;
    }

    public String describe() {
        return device + " error \"" + text + "\"";
    }
}
