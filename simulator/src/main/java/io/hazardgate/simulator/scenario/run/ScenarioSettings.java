package io.hazardgate.simulator.scenario.run;

import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.operator.OperatorSettings;
import io.hazardgate.simulator.scenario.Scenario;
import io.hazardgate.simulator.time.MessageTimestamps;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Everything a scenario run is told.
 *
 * @param broker                   {@code null} for a dry run (messages printed, nothing connected)
 * @param operator                 who acknowledges alarms for the scenario's {@code ack} incidents, and where
 * @param kinds                    alarm kinds verified; empty for all
 * @param grace                    wall time to wait after the end for events still on their way
 * @param gatewayClockFollowsPlant the gateway's clock runs at plant time (an in-process gateway given
 *                                 the plant's clock); a gateway run on its own is on the wall clock
 * @param plantStart               plant time the scenario starts at, or {@link #FROM_WALL_CLOCK}: the
 *                                 wall-clock time it starts (a gateway whose clock follows the plant
 *                                 through several scenarios needs each to go on where the last ended)
 */
public record ScenarioSettings(Scenario scenario, List<Site> sites, BrokerSettings broker, OperatorSettings operator, double speed,
                               MessageTimestamps stamps, boolean verify, Set<String> kinds, Duration grace, long seed, ZoneId zone, int qos,
                               boolean gatewayClockFollowsPlant, long plantStart) {
    public static final long FROM_WALL_CLOCK = Long.MIN_VALUE;

    public ScenarioSettings {
        sites = List.copyOf(sites);
        kinds = Set.copyOf(kinds);
    }

    /** A scenario whose plant time starts at the wall-clock time it starts. */
    public ScenarioSettings(Scenario scenario, List<Site> sites, BrokerSettings broker, OperatorSettings operator, double speed,
                            MessageTimestamps stamps, boolean verify, Set<String> kinds, Duration grace, long seed, ZoneId zone, int qos,
                            boolean gatewayClockFollowsPlant) {
        this(scenario, sites, broker, operator, speed, stamps, verify, kinds, grace, seed, zone, qos, gatewayClockFollowsPlant, FROM_WALL_CLOCK);
    }
}
