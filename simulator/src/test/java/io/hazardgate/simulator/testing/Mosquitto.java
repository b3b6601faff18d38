package io.hazardgate.simulator.testing;

import io.hazardgate.testing.MosquittoProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Debian's Mosquitto, the reference broker, on loopback, started for a test and stopped by its own
 * process handle, its port drawn as {@link MosquittoProcess} says. Tests using it are marked
 * {@code @Needs(ExternalProgram.MOSQUITTO)}.
 */
public final class Mosquitto implements Broker {
    private final Process process;
    private final int port;
    private final List<String> log;

    private Mosquitto(Process process, int port, List<String> log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** @param extraConfig further mosquitto.conf lines */
    public static Mosquitto start(Path dir, String... extraConfig) throws IOException, InterruptedException {
        List<String> log = new CopyOnWriteArrayList<>();
        MosquittoProcess.Running running = MosquittoProcess.start(port -> {
            Path conf = dir.resolve("mosquitto-" + port + ".conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\n"
                    + "allow_anonymous true\n"
                    + "persistence false\n"
                    // unbounded per-subscriber queues (the default, 1000, drops QoS 1 messages silently)
                    + "max_queued_messages 0\n"
                    + MosquittoProcess.LOGGING
                    + String.join("\n", extraConfig) + "\n");
            return conf;
        }, log);
        return new Mosquitto(running.process(), running.port(), log);
    }

    public int port() {
        return port;
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void freezeWhile(Thread work, long millis) throws IOException, InterruptedException {
        Broker.freeze(process, work, millis);
    }

    public List<String> log() {
        return List.copyOf(log);
    }

    @Override
    public void close() {
        Broker.stop(process);
    }
}
