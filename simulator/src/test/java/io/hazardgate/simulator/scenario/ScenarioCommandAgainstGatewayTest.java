package io.hazardgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.SimulatorMain;
import io.hazardgate.simulator.testing.InProcessGateway;
import io.hazardgate.simulator.testing.SharedGateway;
import io.hazardgate.simulator.testing.Sites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The scenario command line against the real gateway, as an operator runs it. */
@ExtendWith(SharedGateway.class)
class ScenarioCommandAgainstGatewayTest {
    @TempDir
    Path dir;

    /**
     * The verifier must fail correctly: a scenario with a wrong colour, an alarm that never comes and an
     * expectation left out, run the way an operator would (a gateway on the wall clock, wall-clock
     * timestamps, the command line), exits 3 and says what differs.
     */
    @Test
    void wrongExpectationsFailWithADiffNamingEachDifference(InProcessGateway gateway) throws Exception {
        String overfill = Files.readString(Sites.SCENARIOS.resolve("tank-overfill.yaml"));
        String wrong = overfill
                .replace("{tag: LT-101, state: raised, colour: yellow, limit: H, after: overfill, within: 6m}",
                        "{tag: LT-101, state: raised, colour: red, limit: H, after: overfill, within: 6m}")
                .replace("  - {tag: LT-101, state: cleared, after: pumpdown, within: 9m}\n",
                        "  - {tag: TT-101, state: raised, after: pumpdown, within: 9m}\n");
        assertTrue(!wrong.equals(overfill) && wrong.contains("TT-101"), "the file was changed as intended");
        Path file = dir.resolve("tank-overfill-wrong.yaml");
        Files.writeString(file, wrong);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimulatorMain.run(new String[] {"--scenario", file.toString(), "--verify", "--site", Sites.DEMO_PLANT.toString(),
                "--broker", gateway.url(), "--speed", "1800"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(SimulatorMain.VERIFY_FAILED, code, text + err.toString(StandardCharsets.UTF_8));
        assertTrue(text.matches("(?s).*MISSING .*LT-101 threshold raised red H .*none within 6m after overfill; on LT-101 came: "
                + "threshold raised yellow H at \\+17m.*"), text);
        assertTrue(text.matches("(?s).*MISSING .*TT-101 threshold raised .*no event on TT-101 at all.*"), text);
        assertTrue(text.matches("(?s).*FORBIDDEN .*LT-101 threshold cleared yellow H \\(.*expectNone\\[2\\]: no alarm on LT-101 from pumpdown.*"), text);
        assertTrue(text.matches("(?s).*ok .*LSHH-101 threshold raised red HH .* after hh-switch.*"), text);
        assertTrue(text.contains("FAILED tank-overfill: 2 missing, 1 forbidden (6 ok)"), text);
    }
}
