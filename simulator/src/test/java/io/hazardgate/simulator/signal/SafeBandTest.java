package io.hazardgate.simulator.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.config.site.Sensor;
import io.hazardgate.simulator.testing.Sites;
import org.junit.jupiter.api.Test;

class SafeBandTest {
    @Test
    void keepsTankLevelBetweenLowAndHighWithDeadbandAndMargin() {
        Sensor lt = Sites.demo().sensorsByTag().get("LT-101"); // range 0..20, L 2, H 16, deadband 2 % of each
        SafeBand b = SafeBand.of(lt, 0, 10);
        // L side: 2 + 0.04 deadband + max(5 % of 2, 0.5 % of 20) = 2.14; H side: 16 - 0.32 - max(0.8, 0.1) = 14.88.
        assertEquals(2.14, b.lo(), 1e-9);
        assertEquals(14.88, b.hi(), 1e-9);
    }

    @Test
    void phreaticLineIsKeptDeeperThanItsShallowestWarning() {
        Sensor pz = Sites.demo().sensorsByTag().get("PZ-01"); // burial depth: danger when shallow; blue at 8 m
        SafeBand b = SafeBand.of(pz, 0, 30);
        assertEquals(8 + 0.16 + 0.4, b.lo(), 1e-9);
        assertEquals(30, b.hi(), 1e-9);
    }
}
