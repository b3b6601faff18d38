package io.hazardgate.simulator.scenario.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.simulator.plant.Plant;
import io.hazardgate.simulator.testing.Sites;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How far a gateway whose clock follows the plant may go: never past what it has not been sent, nor far past what it has not taken. */
class FrontierTest {
    private static final long MAX = Long.MAX_VALUE;

    @ParameterizedTest(name = "plant {0}, next unsent {1}, oldest unacknowledged {2} -> {3}")
    @CsvSource({
        "100, 200, " + MAX + ", 100",  // all sent and taken: the plant's clock
        "300, 200, " + MAX + ", 200",  // the player stalled before the message due at 200: wait for it
        "300, 400, 150,        175",   // the gateway has not taken what was sent at 150: at most 25 past it
        "300, 400, 290,        300",   // an ordinary backlog does not hold the clock back
    })
    void followsThePlantButNeitherPastTheNextMessageNorFarPastTheOldestNotTaken(long plant, long sentBefore, long oldest, long expected) {
        assertEquals(expected, LockStepUplink.frontier(plant, sentBefore, oldest, 25));
    }

    @Test
    void freshnessIsHalfOfWhatTheTightestPlayedPointLeavesBetweenItsPeriodAndItsSilence() {
        Plant plant = Plant.build(List.of(Sites.demo()), 1, 0, ZoneOffset.UTC);
        // A 10 s tank farm point is silent after a minute: 50 s between its period and its silence.
        assertEquals(25_000, LockStepUplink.freshness(List.of(Sites.demo()), plant));
        // A 10 min dam point after 30 minutes: 20 minutes, more than the 4 minutes any reading stays live.
        assertEquals(LockStepUplink.MAX_FRESHNESS_MILLIS, LockStepUplink.freshness(List.of(Sites.demo()), plant.only(Set.of("dtu-td1"))));
    }
}
