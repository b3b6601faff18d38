package io.hazardgate.simulator.testing;

import java.io.IOException;

/**
 * A standard MQTT broker in a process of its own on loopback, for tests that check the simulator speaks
 * plain MQTT to any broker: {@link Moquette} (brought by Maven, so it runs everywhere) and
 * {@link Mosquitto} (Debian's reference broker, where installed). Per-subscriber queues are unbounded, so
 * a subscriber slowed by a busy test machine loses nothing and what is measured is the simulator.
 */
public interface Broker extends AutoCloseable {
    /** {@code tcp://127.0.0.1:PORT}. */
    String url();

    /**
     * Freezes the broker's process (SIGSTOP to its own PID, as a broker stalled by a long pause: connections
     * stay open, nothing is acknowledged), starts {@code work}, wakes the broker after {@code millis}
     * (SIGCONT) and waits for the work to end.
     */
    void freezeWhile(Thread work, long millis) throws IOException, InterruptedException;

    /** Stops the broker by its own process handle, never by name. */
    @Override
    void close();

    /** Sends a signal to one process by its PID. */
    static void signal(Process process, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
        if (kill.waitFor() != 0) throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }

    /** SIGSTOP, run the work, SIGCONT after {@code millis}, wait for the work. */
    static void freeze(Process process, Thread work, long millis) throws IOException, InterruptedException {
        signal(process, "STOP");
        try {
            work.start();
            Thread.sleep(millis);
        } finally {
            signal(process, "CONT");
        }
        work.join(60_000);
    }

    /** Stops a process by its handle: politely, then forcibly. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
