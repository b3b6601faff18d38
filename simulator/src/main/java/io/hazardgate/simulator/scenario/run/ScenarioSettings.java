package io.hazardgate.simulator.scenario.run;

import io.hazardgate.config.Site;
import io.hazardgate.simulator.mqtt.BrokerSettings;
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
 * @param kinds                    alarm kinds verified; empty for all
 * @param grace                    wall time to wait after the end for events still on their way
 * @param gatewayClockFollowsPlant the gateway's clock runs at plant time (an in-process gateway given
 *                                 the plant's clock); a gateway run on its own is on the wall clock
 */
public record ScenarioSettings(Scenario scenario, List<Site> sites, BrokerSettings broker, double speed, MessageTimestamps stamps,
                               boolean verify, Set<String> kinds, Duration grace, long seed, ZoneId zone, int qos,
                               boolean gatewayClockFollowsPlant) {
    public ScenarioSettings {
        sites = List.copyOf(sites);
        kinds = Set.copyOf(kinds);
    }

    /** The same run at another speed. */
    public ScenarioSettings withSpeed(double s) {
        return new ScenarioSettings(scenario, sites, broker, s, stamps, verify, kinds, grace, seed, zone, qos, gatewayClockFollowsPlant);
    }
}
