package io.hazardgate.clock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Asks systemd ({@code timedatectl show -p NTPSynchronized --value}: the kernel's own "synchronised"
 * flag, set by whichever NTP client runs) and, where systemd cannot answer, chrony
 * ({@code chronyc -n tracking}: "Leap status : Not synchronised"). Each command gets a few seconds;
 * a missing or failing command is UNKNOWN, never a fault.
 */
public final class SystemSyncProbe implements SyncProbe {
    private static final long TIMEOUT_S = 5;
    static final List<String> TIMEDATECTL = List.of("timedatectl", "show", "-p", "NTPSynchronized", "--value");
    static final List<String> CHRONYC = List.of("chronyc", "-n", "tracking");

    private final List<String> timedatectl;
    private final List<String> chronyc;

    public SystemSyncProbe() {
        this(TIMEDATECTL, CHRONYC);
    }

    /** With other commands in place of timedatectl and chronyc (tests). */
    SystemSyncProbe(List<String> timedatectl, List<String> chronyc) {
        this.timedatectl = timedatectl;
        this.chronyc = chronyc;
    }

    @Override
    public Answer probe() {
        String t = run(timedatectl);
        if (t != null) {
            String v = t.strip();
            if (v.equals("yes")) return new Answer(ClockSync.SYNCHRONISED, "timedatectl");
            if (v.equals("no")) return new Answer(ClockSync.UNSYNCHRONISED, "timedatectl");
        }
        String c = run(chronyc);
        if (c != null) {
            for (String line : c.split("\n")) {
                String l = line.toLowerCase(Locale.ROOT);
                if (!l.startsWith("leap status")) continue;
                return new Answer(l.contains("not synchronised") ? ClockSync.UNSYNCHRONISED : ClockSync.SYNCHRONISED, "chronyc");
            }
        }
        return new Answer(ClockSync.UNKNOWN, "neither timedatectl nor chronyc answered");
    }

    /** The command's output when it exits 0 within the timeout, else null. */
    private static String run(List<String> cmd) {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null; // not installed
        }
        try {
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
