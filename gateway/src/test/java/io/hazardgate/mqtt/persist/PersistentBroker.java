package io.hazardgate.mqtt.persist;

import io.hazardgate.config.FsyncPolicy;
import io.hazardgate.mqtt.MqttListener;
import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.auth.AccessPolicy;
import io.hazardgate.mqtt.auth.Authenticator;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.store.StateLog;
import io.hazardgate.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The MQTT server with its session store on a real state log in a directory, started again on the same
 * directory as a restart does. Time is injected: the wall clock the store keeps expiry in, and the
 * broker's nano clock, moved together by {@link #advance}.
 */
final class PersistentBroker implements AutoCloseable {
    final Path dir;
    final TestClock wall = new TestClock(1_750_000_000_000L);
    private long nanoBase = 1_000_000_000L;
    private final long segmentBytes;
    private final long compactBytes;
    SimpleMeterRegistry registry;
    MqttServer server;
    SessionStore store;
    StateLog log;
    int port;
    SessionStore.Restored restored;

    PersistentBroker(Path dir) {
        this(dir, 4L << 20, SessionStore.DEFAULT_COMPACT_BYTES);
    }

    PersistentBroker(Path dir, long segmentBytes, long compactBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.compactBytes = compactBytes;
    }

    /** Broker nanos follow the wall clock, from an arbitrary origin that a restart moves (as a new JVM would). */
    long nanos() {
        return nanoBase + TimeUnit.MILLISECONDS.toNanos(wall.millis());
    }

    void advance(Duration d) { wall.advance(d.toMillis()); }

    PersistentBroker start() throws IOException { return start(MqttServerConfig.defaults(), null, null); }

    PersistentBroker start(MqttServerConfig config, Authenticator authenticator, AccessPolicy policy) throws IOException {
        registry = new SimpleMeterRegistry();
        log = StateLog.open(dir, FsyncPolicy.EVERY_BATCH, Duration.ofSeconds(1), "test.sessions.log", registry, wall,
                segmentBytes);
        store = SessionStore.open(new OnStateLog(log), wall, compactBytes);
        server = new MqttServer(config, registry, this::nanos, store);
        if (authenticator != null) {
            server.security(authenticator, policy);
        }
        restored = server.restoreSessions();
        boolean anonymous = authenticator == null;
        port = server.start(List.of(MqttListener.tcp("127.0.0.1", 0, anonymous))).get(0).port();
        return this;
    }

    /** A restart: everything stops (connections are lost), then starts again on the same directory. */
    PersistentBroker restart() throws IOException { return restart(MqttServerConfig.defaults(), null, null); }

    PersistentBroker restart(MqttServerConfig config, Authenticator authenticator, AccessPolicy policy) throws IOException {
        close();
        nanoBase += 777_000_000_000L;
        return start(config, authenticator, policy);
    }

    String uri() { return "tcp://127.0.0.1:" + port; }

    @Override
    public void close() {
        if (server != null) server.close();
        if (store != null) store.close();
        server = null;
        store = null;
    }

    /** The session log on a state log, as the gateway's wiring does it. */
    record OnStateLog(StateLog log) implements SessionLog {
        @Override public long replay(Consumer<ByteBuffer> each) throws IOException { return log.replay(each); }

        @Override public void append(byte[] record, Runnable onDurable, Consumer<Exception> onFailed) {
            log.append(record, onDurable, onFailed);
        }

        @Override public void afterDurable(LongConsumer onDurable, Consumer<Exception> onFailed) {
            log.afterDurable(onDurable, onFailed);
        }

        @Override public void supersede(long offset) { log.supersede(offset); }

        @Override public long sizeBytes() { return log.sizeBytes(); }

        @Override public boolean failing() { return log.failing(); }

        @Override public void close() { log.close(); }
    }
}
