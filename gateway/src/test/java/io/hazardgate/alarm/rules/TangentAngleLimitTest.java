package io.hazardgate.alarm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.TrendRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The improved tangent angle's stages (Xu Qiang et al. 2009): greater than 45° initial acceleration,
 * 80° and more medium acceleration, 85° and more imminent failure. Steady creep is exactly 45°, so the
 * first stage's limit is strict.
 */
class TangentAngleLimitTest {
    @TempDir Path dir;

    @Test
    void theYellowStageIsStrictlyAbove45DegreesAndTheOthersInclusive() throws IOException {
        Path f = dir.resolve("site.yaml");
        Files.writeString(f, """
                site: s
                hazardSources: [{id: A}]
                sensors: [{tag: G, source: A, type: surface_displacement, trends: {tangent_angle: {steadyRate: 0.5}}}]
                """);
        TrendRule t = ConfigLoader.loadSite(f).sensors().get(0).rules().trends().get(0);
        ThresholdRule rule = new ThresholdRule(t.name(), Direction.HIGH, t.limits());
        assertEquals(-1, rule.evaluate(45.0, -1), "exactly 45° is steady creep");
        assertEquals(0, rule.evaluate(Math.nextUp(45.0), -1));
        assertEquals(0, rule.evaluate(79.99, -1));
        assertEquals(1, rule.evaluate(80.0, -1), "80° and more: medium acceleration");
        assertEquals(2, rule.evaluate(85.0, -1), "85° and more: imminent failure");
        assertEquals(0, rule.evaluate(45.0, 0), "back at 45° an active yellow holds within its deadband");
    }

    @Test
    void aSiteThatSetsItsOwn45DegreeStageGetsItStrictToo() throws IOException {
        Path f = dir.resolve("site.yaml");
        Files.writeString(f, """
                site: s
                hazardSources: [{id: A}]
                sensors: [{tag: G, source: A, type: surface_displacement, trends: {tangent_angle: {steadyRate: 0.5, limits: {blue: 45, red: 85}}}}]
                """);
        TrendRule t = ConfigLoader.loadSite(f).sensors().get(0).rules().trends().get(0);
        ThresholdRule rule = new ThresholdRule(t.name(), Direction.HIGH, t.limits());
        assertEquals(-1, rule.evaluate(45.0, -1));
        assertEquals(0, rule.evaluate(45.01, -1));
    }
}
