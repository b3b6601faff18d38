package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Threshold levels, hysteresis boundaries and on/off delays, table-driven: each row feeds values one
 * second apart and lists the transitions as {@code state:limit}.
 */
class ThresholdRulesTest {
    /** Tank level 0–20 m, H 16, HH 18, L 2, LL 1, default deadband 2 % of each limit, not latched. */
    static final String TANK = "{tag: LT, source: A, device: d1, type: tank_level, range: [0, 20], "
            + "limits: {H: 16, HH: 18, L: 2, LL: 1}";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "10                      | ''",
        "16                      | raised:H",
        "15.99                   | ''",
        "16, 15.9, 16.5, 15.69   | raised:H",                              // stays within the deadband (clears below 15.68)
        "16, 15.68               | raised:H cleared:H",                    // the deadband boundary itself clears
        "18, 17.65               | raised:HH",
        "18, 17.64               | raised:HH deescalated:H",
        "17.9, 18.1, 16, 10      | raised:H escalated:HH deescalated:H cleared:H",
        "2                       | raised:L",
        "2, 2.03                 | raised:L",
        "2, 2.04                 | raised:L cleared:L",
        "0.5, 1.5, 5             | raised:LL deescalated:L cleared:L",
        "19, 1                   | raised:HH cleared:HH raised:LL",
    })
    void levelsAndHysteresis(String values, String expected) {
        assertEquals(expected, run(TANK + "}", values));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "onDelay: 3          | 16, 16                 | ''",
        "onDelay: 3          | 16, 16, 16             | raised:H",
        "onDelay: 3          | 16, 10, 16, 16         | ''",                   // the count restarts after a normal reading
        "onDelay: 2          | 16, 19, 19, 19         | raised:H escalated:HH", // raises at the level that held throughout
        "onDelay: 25s        | 16, 16, 16             | ''",                   // readings 1 s apart span 2 s
        "offDelay: 2         | 16, 10, 16, 10, 10     | raised:H cleared:H",
        "offDelay: 2         | 16, 10                 | raised:H",
        "offDelay: 2         | 18, 17, 10             | raised:HH deescalated:H", // falls past two limits while pending: the highest level held is taken
        "'onDelay: {samples: 2, duration: 1s}' | 16, 16 | raised:H",
    })
    void onAndOffDelays(String delay, String values, String expected) {
        assertEquals(expected, run(TANK + ", " + delay + "}", values));
    }

    @org.junit.jupiter.api.Test
    void onDelayByDurationCountsReadingTimeNotReadings() {
        Harness h = Harness.sensors(TANK + ", onDelay: 30s}");
        h.after(10_000, "LT", 16).after(10_000, "LT", 16).after(10_000, "LT", 16);
        assertEquals(List.of(), h.states());
        h.after(10_000, "LT", 16);
        assertEquals(List.of(AlarmState.RAISED), h.states(), "the condition has held for 30 s of readings");
    }

    @org.junit.jupiter.api.Test
    void aSecondReadingInTheSameMillisecondWithAnotherValueIsEvaluatedAndARepeatIsNot() {
        Harness h = Harness.sensors(TANK + "}");
        long ts = h.clock.millis();
        h.feed("LT", 19, ts, io.hazardgate.record.Quality.GOOD);
        h.feed("LT", 19, ts, io.hazardgate.record.Quality.GOOD); // a redelivery: nothing new
        assertEquals(List.of(AlarmState.RAISED), h.states());
        h.feed("LT", 10, ts, io.hazardgate.record.Quality.GOOD); // two messages for one point in one millisecond
        assertEquals(List.of(AlarmState.RAISED, AlarmState.CLEARED), h.states(), "the later value counts, as in the store");
    }

    static String run(String sensor, String values) {
        Harness h = Harness.sensors(sensor);
        for (String v : values.split(",")) h.feed("LT", Double.parseDouble(v.trim()));
        List<String> out = new ArrayList<>();
        for (AlarmEvent e : h.events) out.add(e.state().wireName() + ":" + e.limitName());
        return String.join(" ", out);
    }
}
