package io.hazardgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whether this process may put its threads at a real-time priority, read from the kernel. */
public final class RealtimeScheduling {
    private RealtimeScheduling() { }

    /** CAP_SYS_NICE (bit 23) in the effective set, or an RTPRIO soft limit of at least {@code priority}. */
    public static boolean allowed(int priority) throws IOException {
        String status = Files.readString(Path.of("/proc/self/status"));
        Matcher cap = Pattern.compile("CapEff:\\s*([0-9a-f]+)").matcher(status);
        if (cap.find() && (Long.parseUnsignedLong(cap.group(1), 16) & (1L << 23)) != 0) return true;
        Matcher limit = Pattern.compile("Max realtime priority\\s+(\\S+)").matcher(Files.readString(Path.of("/proc/self/limits")));
        return limit.find() && (limit.group(1).equals("unlimited") || Integer.parseInt(limit.group(1)) >= priority);
    }
}
