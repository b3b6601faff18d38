package io.hazardgate.simulator.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A scenario: a timeline of incidents played on the plant, and the alarms (and device errors) the
 * gateway is expected to produce. Every time in it is plant time from the scenario's start. Built and
 * validated by {@link ScenarioLoader}; immutable.
 *
 * @param file        where it was read from, for messages
 * @param devices     loggers played (as {@code device} or {@code site/device}); empty for every logger
 * @param speed       how much faster than the wall clock it plays unless told otherwise
 * @param duration    plant time it lasts; nothing due at or after it is sent
 * @param played      the points its loggers play, as {@code site/tag}
 */
public record Scenario(String name, String description, String file, Set<String> devices, double speed, Duration duration,
                       List<Incident> incidents, List<AlarmExpectation> alarms, List<ErrorExpectation> errors,
                       List<QuietWindow> quiet, Set<String> played) {
    public Scenario {
        devices = Set.copyOf(devices);
        incidents = List.copyOf(incidents);
        alarms = List.copyOf(alarms);
        errors = List.copyOf(errors);
        quiet = List.copyOf(quiet);
        played = Set.copyOf(played);
    }

    /** Whether one of the loggers the scenario plays sends this point. */
    public boolean plays(String site, String tag) {
        return played.contains(site + "/" + tag);
    }

    /** Alarm kinds the scenario expects, in the order of {@link AlarmKinds#ALL}. */
    public List<String> expectedKinds() {
        return AlarmKinds.ALL.stream().filter(k -> alarms.stream().anyMatch(a -> a.kind().equals(k))).toList();
    }
}
