package io.hazardgate.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.SimulatorMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class WakeupCommandTest {
    private static final Pattern LINE = Pattern.compile("wake-up overshoot: p50 ([0-9.]+) p99 ([0-9.]+) p99\\.9 ([0-9.]+) max ([0-9.]+) ms; "
            + "over 1 ms ([0-9,]+), over 5 ms ([0-9,]+) of ([0-9,]+) wake-ups");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws InterruptedException {
        return SimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void sleepsForTheDurationAndReportsHowLateItWoke() throws Exception {
        assertEquals(SimulatorMain.OK, run("wakeup", "--duration", "300ms", "--sleep", "2ms"));
        Matcher m = LINE.matcher(out.toString(StandardCharsets.UTF_8).strip());
        assertTrue(m.matches(), out.toString(StandardCharsets.UTF_8));
        long wakeups = Long.parseLong(m.group(7).replace(",", ""));
        assertTrue(wakeups >= 1 && wakeups <= 150, "at most one wake-up per 2 ms in 300 ms: " + wakeups);
        double p50 = Double.parseDouble(m.group(1));
        double p99 = Double.parseDouble(m.group(2));
        double p999 = Double.parseDouble(m.group(3));
        double max = Double.parseDouble(m.group(4));
        assertTrue(p50 <= p99 && p99 <= p999 && p999 <= max, m.group());
        assertTrue(Long.parseLong(m.group(6).replace(",", "")) <= Long.parseLong(m.group(5).replace(",", "")));
    }

    @Test
    void countsTheLateWakeUpsOverOneAndFiveMilliseconds() {
        Histogram h = new Histogram(10_000_000, 3);
        for (int i = 0; i < 97; i++) h.recordValue(80);
        h.recordValue(1_000); // exactly 1 ms late: not over
        h.recordValue(2_500);
        h.recordValue(12_000);
        assertEquals("wake-up overshoot: p50 0.08 p99 2.50 p99.9 12.01 max 12.01 ms; over 1 ms 2, over 5 ms 1 of 100 wake-ups",
                WakeupCommand.report(h));
    }

    @Test
    void badOptionsAreRefusedByName() throws Exception {
        assertEquals(SimulatorMain.USAGE, run("wakeup", "--sleep", "0ms"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--sleep must be positive"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(SimulatorMain.USAGE, run("wakeup", "--sleep", "2s", "--duration", "1s"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--sleep 2000 ms is longer than --duration 1000 ms"),
                err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(SimulatorMain.USAGE, run("wakeup", "--seconds", "3"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --seconds"), err.toString(StandardCharsets.UTF_8));
    }
}
