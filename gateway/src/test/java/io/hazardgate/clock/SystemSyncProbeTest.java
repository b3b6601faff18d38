package io.hazardgate.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe's reading of what timedatectl and chronyc print, with real processes printing it. */
class SystemSyncProbeTest {
    static List<String> prints(String text) { return List.of("sh", "-c", "printf '" + text + "'"); }

    static final List<String> FAILS = List.of("sh", "-c", "echo 'System has not been booted with systemd'; exit 1");

    @Test
    void timedatectlYesAndNo() {
        assertEquals(ClockSync.SYNCHRONISED, new SystemSyncProbe(prints("yes\\n"), FAILS).probe().sync());
        assertEquals(ClockSync.UNSYNCHRONISED, new SystemSyncProbe(prints("no\\n"), FAILS).probe().sync());
    }

    @Test
    void chronyAnswersWhereSystemdCannot() {
        SyncProbe.Answer a = new SystemSyncProbe(FAILS, prints("Reference ID    : 00000000 ()\\nLeap status     : Not synchronised\\n")).probe();
        assertEquals(new SyncProbe.Answer(ClockSync.UNSYNCHRONISED, "chronyc"), a);
        assertEquals(ClockSync.SYNCHRONISED,
                new SystemSyncProbe(FAILS, prints("Leap status     : Normal\\n")).probe().sync());
    }

    @Test
    void missingOrFailingCommandsAreUnknown() {
        assertEquals(ClockSync.UNKNOWN, new SystemSyncProbe(FAILS, FAILS).probe().sync());
        assertEquals(ClockSync.UNKNOWN, new SystemSyncProbe(List.of("/nonexistent/timedatectl"), List.of("/nonexistent/chronyc"))
                .probe().sync());
    }
}
