package io.hazardgate.store.log;

import io.hazardgate.config.LogSettings;
import io.hazardgate.store.Records;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Semaphore;

/**
 * The process {@link DurableLogCrashTest} kills: appends numbered records to the log in the directory
 * given, printing {@code ACK n} once record n is durable, until it is killed.
 */
public final class LogCrashChild {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        DurableLog log = DurableLog.open(Path.of(args[0]), LogOptions.of(LogSettings.DEFAULTS).withSegmentBytes(256 * 1024),
                Clock.systemUTC(), new StoreMetrics(new SimpleMeterRegistry()));
        Semaphore window = new Semaphore(500);
        for (int n = 0; ; n++) {
            window.acquire();
            int id = n;
            log.append(Records.opaque(id, 100 + id % 400), () -> {
                out.println("ACK " + id);
                window.release();
            });
        }
    }
}
