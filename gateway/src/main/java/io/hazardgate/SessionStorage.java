package io.hazardgate;

import io.hazardgate.config.LogSettings;
import io.hazardgate.mqtt.persist.SessionLog;
import io.hazardgate.mqtt.persist.SessionStore;
import io.hazardgate.store.StateLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The MQTT session store on the store's state log ({@code <dataDir>/sessions}), under the ingest log's
 * fsync policy: the one place the transport's persistence meets the storage side.
 */
final class SessionStorage {
    private SessionStorage() {}

    static SessionStore open(Path dir, LogSettings log, MeterRegistry meters, Clock clock) throws IOException {
        StateLog stateLog = StateLog.open(dir, log.fsync(), log.fsyncInterval(), StateLog.SESSIONS_METER_PREFIX, meters,
                clock);
        try {
            return SessionStore.open(new OnStateLog(stateLog), clock);
        } catch (IOException | RuntimeException e) {
            stateLog.close();
            throw e;
        }
    }

    private record OnStateLog(StateLog log) implements SessionLog {
        @Override
        public long replay(Consumer<ByteBuffer> each) throws IOException { return log.replay(each); }

        @Override
        public void append(byte[] record, Runnable onDurable, Consumer<Exception> onFailed) {
            log.append(record, onDurable, onFailed);
        }

        @Override
        public void afterDurable(LongConsumer onDurable, Consumer<Exception> onFailed) {
            log.afterDurable(onDurable, onFailed);
        }

        @Override
        public void supersede(long offset) { log.supersede(offset); }

        @Override
        public long sizeBytes() { return log.sizeBytes(); }

        @Override
        public boolean failing() { return log.failing(); }

        @Override
        public void close() { log.close(); }
    }
}
