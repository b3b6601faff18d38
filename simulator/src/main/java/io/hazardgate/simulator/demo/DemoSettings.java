package io.hazardgate.simulator.demo;

import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.operator.OperatorSettings;
import io.hazardgate.simulator.scenario.Scenario;
import io.hazardgate.simulator.time.PlantClock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * Everything a demo run is told.
 *
 * @param operator who acknowledges alarms for the scenarios' {@code ack} incidents, and where
 * @param speed    plant speed for every scenario, or 0 for each scenario's own
 * @param cycles   times through the scenarios; 0 for until stopped
 * @param pause    wall time of calm plant between two scenarios
 * @param duration wall time after which the demo stops, or {@code null} for none
 * @param clock    the clock of a gateway that follows the plant (the demo's own, in this process), or
 *                 {@code null} for a gateway on its own clock: then messages carry wall-clock time
 */
public record DemoSettings(List<Site> sites, List<Scenario> scenarios, BrokerSettings broker, OperatorSettings operator, double speed,
                           int cycles, Duration pause,
                           Duration duration, long seed, ZoneId zone, PlantClock clock) {
    /** Settings for a gateway on its own clock. */
    public DemoSettings(List<Site> sites, List<Scenario> scenarios, BrokerSettings broker, OperatorSettings operator, double speed,
                        int cycles, Duration pause, Duration duration, long seed, ZoneId zone) {
        this(sites, scenarios, broker, operator, speed, cycles, pause, duration, seed, zone, null);
    }

    /** The calm plant between scenarios runs at this speed. */
    static final double PAUSE_SPEED = 60;

    public DemoSettings {
        sites = List.copyOf(sites);
        scenarios = List.copyOf(scenarios);
        if (scenarios.isEmpty()) throw new IllegalArgumentException("a demo needs at least one scenario");
    }

    double speedOf(Scenario s) {
        return speed > 0 ? speed : s.speed();
    }
}
