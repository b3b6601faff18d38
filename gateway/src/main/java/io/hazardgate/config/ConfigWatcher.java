package io.hazardgate.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches configuration files and calls back once they have stopped changing for a moment (editors
 * write a file in several steps, or replace it by a rename). One daemon thread; the callback runs on it.
 */
public final class ConfigWatcher implements AutoCloseable {
    /** Quiet time after the last change before the callback runs. */
    public static final long SETTLE_MS = 300;
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final WatchService watch;
    private volatile Set<Path> files = Set.of();
    private final Set<Path> dirs = new HashSet<>();
    private final Runnable onChange;
    private final Thread thread;

    /** Starts watching {@code watched} (absolute or relative paths of files). */
    public ConfigWatcher(List<Path> watched, Runnable onChange) throws IOException {
        this.watch = FileSystems.getDefault().newWatchService();
        this.onChange = onChange;
        watch(watched);
        thread = new Thread(this::run, "config-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches {@code watched} from now on instead of the files before (a reload may name other site files). */
    public synchronized void watch(List<Path> watched) throws IOException {
        Set<Path> next = new HashSet<>();
        for (Path f : watched) {
            Path abs = f.toAbsolutePath().normalize();
            next.add(abs);
            if (dirs.add(abs.getParent())) {
                abs.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
        files = Set.copyOf(next);
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watch.take();
                boolean relevant = drain(key);
                // let the writer finish: keep collecting until the files have been quiet for a moment
                while (true) {
                    WatchKey more = watch.poll(SETTLE_MS, TimeUnit.MILLISECONDS);
                    if (more == null) break;
                    relevant |= drain(more);
                }
                if (relevant) {
                    try {
                        onChange.run();
                    } catch (RuntimeException e) {
                        log.error("applying a configuration change failed", e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private boolean drain(WatchKey key) {
        boolean relevant = false;
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> ev : key.pollEvents()) {
            if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
            } else if (ev.context() instanceof Path p && files.contains(dir.resolve(p).toAbsolutePath().normalize())) {
                relevant = true;
            }
        }
        key.reset();
        return relevant;
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            // nothing to do
        }
        thread.interrupt();
    }
}
