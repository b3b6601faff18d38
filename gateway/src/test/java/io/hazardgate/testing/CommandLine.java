package io.hazardgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's command-line tools (mosquitto_pub, mosquitto_sub) as real processes. */
public final class CommandLine {
    private CommandLine() {}

    /** A finished command's exit code and output. */
    public record Result(int exitCode, String output) {}

    /** Runs a command to completion (at most 60 s) and returns its exit code and combined output. */
    public static Result run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + List.of(cmd));
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Starts a command in the background; the caller stops it with {@link Process#destroy()}. */
    public static Process start(String... cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
