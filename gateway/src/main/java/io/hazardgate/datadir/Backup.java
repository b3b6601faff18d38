package io.hazardgate.datadir;

import io.hazardgate.config.GatewayConfig;
import io.hazardgate.store.log.LogCursor;
import io.hazardgate.store.questdb.QuestDbSql;
import io.hazardgate.store.questdb.StoreCredentials;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code hazardgate backup DIR}: a consistent copy of the configuration and the data directory, taken
 * while the gateway runs (or not). The copy is what a crash at the moment of the backup would have
 * left, which the gateway already recovers from, and the order of the steps makes each part at least
 * as new as what depends on it:
 * <ol>
 *   <li>the config file's directory (gateway.yaml, site files, certificates);</li>
 *   <li>the cursors of the log's consumers ({@code log/*.offset}: the store writer's
 *       {@code shipped.offset}, each platform uplink's, the statistics') and the state they keep beside
 *       the log ({@code statistics.json}), then the log's segments: retention never deletes a record some
 *       cursor still needs, so every record after a copied cursor is in the copied segments, or was
 *       shipped (and aged out) before step 3 began, so it is in the store's copy; a half-written record at
 *       the end of the active segment is cut off at the next start like a torn write;</li>
 *   <li>the embedded QuestDB: in checkpoint mode ({@code CHECKPOINT CREATE} … {@code RELEASE}) while the
 *       gateway runs, as files when it does not; an external store is not copied (back it up with its
 *       own tools);</li>
 *   <li>{@code alarm/}: the journal after the log, so every alarm event the log holds is also in the
 *       journal; the rule-state snapshots, which are older than the journal in any case; then
 *       {@code control-room/} (the alarms operators have shelved);</li>
 *   <li>{@code sessions/}: the MQTT session store after the journal, so no offline consumer's queue is
 *       older than the alarms the journal knows (a journaled event it lacks is published again at the
 *       next start); its segments listed once and copied oldest first, which is the store as a crash at
 *       the end of the copy would leave it, unless a compaction deleted a listed segment meanwhile: then
 *       the whole store is copied again;</li>
 *   <li>{@link BackupManifest#NAME}, last: a backup without it is incomplete.</li>
 * </ol>
 * A stopped data directory is held (a shared lock on the log's lock file) for the copy, so a gateway
 * cannot start on it meanwhile; two backups of one directory do not run at once.
 */
public final class Backup {
    static final String BACKUP_LOCK = "backup.lock";
    static final String DATA = "data";
    static final String CONFIG = "config";

    private Backup() {}

    public static BackupManifest run(GatewayConfig config, Path backupDir, PrintStream out) throws IOException {
        Path data = config.dataDir().toAbsolutePath().normalize();
        Path target = backupDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(data)) throw new IOException("no data directory at " + data + " (dataDir of " + config.file() + ")");
        if (target.startsWith(data)) throw new IOException("the backup directory " + target + " is inside the data directory " + data);
        DataDirectory.checkReadable(data);
        if (Files.exists(target) && !isEmptyDirectory(target)) {
            throw new IOException(target + " exists and is not an empty directory; a backup goes into a new one");
        }
        Files.createDirectories(target);
        try (Held backupLock = Held.exclusive(data.resolve(BACKUP_LOCK), "another backup of " + data + " is running");
             Held stopped = Held.sharedIfFree(data.resolve(DataDirectory.LOG).resolve(".lock"))) {
            boolean running = stopped == null;
            RunFile run = running ? RunFile.read(data).orElse(null) : null;
            if (running && run == null) {
                throw new IOException("a gateway holds " + data + " but has not written " + RunFile.NAME
                        + " (still starting?); try again in a moment");
            }
            out.println("hazardgate backup: " + data + " -> " + target + (running ? " (gateway pid " + run.pid() + " running)" : " (no gateway running)"));
            TreeCopy copy = new TreeCopy(target);
            Path configDir = config.file().toAbsolutePath().normalize().getParent();
            copy.tree(configDir, target.resolve(CONFIG), rel -> configDir.resolve(rel).startsWith(data)
                    || configDir.resolve(rel).startsWith(target));
            out.println("  config  " + configDir);

            Path log = data.resolve(DataDirectory.LOG);
            Path logCopy = target.resolve(DATA).resolve(DataDirectory.LOG);
            // The consumers' cursors (*.offset) and their state first, the segments after: see the class comment.
            for (Path cursor : sorted(log, "*" + LogCursor.SUFFIX)) {
                copy.file(cursor, logCopy.resolve(cursor.getFileName().toString()));
            }
            copy.tree(log, logCopy, rel -> rel.getNameCount() == 1 && (rel.toString().endsWith(".log")
                    || rel.toString().contains(LogCursor.SUFFIX) || rel.toString().equals(".lock")));
            int segments = 0;
            for (Path seg : sorted(log, "*.log")) {
                if (copy.file(seg, logCopy.resolve(seg.getFileName().toString()))) segments++;
            }
            out.println("  log     " + segments + " segments");

            String store;
            boolean checkpoint = false;
            Path questDb = data.resolve(DataDirectory.QUESTDB);
            if (running && run.storeSqlUrl() == null) {
                store = "external";
                out.println("  store   external: not in this backup; back it up with its own tools");
            } else if (!Files.isDirectory(questDb)) {
                store = "none";
            } else if (running) {
                store = "questdb-embedded";
                checkpoint = true;
                // the running store wants the login its gateway generated (not copied: a restored gateway makes a new one)
                String login = StoreCredentials.readIfPresent(data.resolve(StoreCredentials.FILE_NAME))
                        .map(StoreCredentials::basicAuthorization).orElse(null);
                copyInCheckpoint(new QuestDbSql(run.storeSqlUrl(), login), questDb, target.resolve(DATA).resolve(DataDirectory.QUESTDB), copy);
                out.println("  store   embedded QuestDB, copied in checkpoint mode");
            } else {
                store = "questdb-embedded";
                copy.tree(questDb, target.resolve(DATA).resolve(DataDirectory.QUESTDB), Backup::questDbSkip);
                out.println("  store   embedded QuestDB");
            }

            Path alarm = data.resolve(DataDirectory.ALARM);
            copy.tree(alarm, target.resolve(DATA).resolve(DataDirectory.ALARM), rel -> rel.toString().endsWith(".tmp"));
            out.println("  alarms  journal and rule-state snapshots");
            copy.tree(data.resolve(DataDirectory.CONTROL_ROOM), target.resolve(DATA).resolve(DataDirectory.CONTROL_ROOM),
                    rel -> rel.toString().endsWith(".tmp"));
            // the identity OPC UA servers trust, and the certificates trusted here (the key keeps its mode 600)
            copy.tree(data.resolve(DataDirectory.OPCUA), target.resolve(DATA).resolve(DataDirectory.OPCUA),
                    rel -> rel.toString().endsWith(".tmp"));
            Path response = data.resolve(DataDirectory.RESPONSE);
            if (Files.isDirectory(response)) {
                // append-only with checksums: a copy taken while it grows ends, at worst, in a torn record cut off at start
                copy.tree(response, target.resolve(DATA).resolve(DataDirectory.RESPONSE), rel -> rel.toString().endsWith(".tmp"));
                out.println("  response  notification outbox and delivery record");
            }
            int sessionSegments = copySessions(data.resolve(DataDirectory.SESSIONS),
                    target.resolve(DATA).resolve(DataDirectory.SESSIONS), copy);
            out.println("  sessions " + sessionSegments + " segments of the MQTT session store");
            copy.file(data.resolve(DataDirectory.MARKER), target.resolve(DATA).resolve(DataDirectory.MARKER));

            BackupManifest m = new BackupManifest(DataFormat.BACKUP, DataFormat.release(), Instant.now().toString(), running,
                    store, checkpoint, configDir.relativize(config.file().toAbsolutePath().normalize()).toString(), copy.files());
            m.write(target);
            out.println("hazardgate backup: " + copy.files().size() + " files, " + copy.bytes() / (1024 * 1024) + " MB in " + target);
            return m;
        }
    }

    /** Copies of the session store tried before giving up: each retry means a compaction ran meanwhile. */
    static final int SESSION_COPY_ATTEMPTS = 5;

    /**
     * The session store's segments as listed once, oldest first (a newer one appearing meanwhile is left
     * out: the copy ends where the listing did). If one of them vanished before it was copied, a
     * compaction superseded it with a snapshot that may lie beyond the listing: everything is copied again.
     */
    static int copySessions(Path from, Path to, TreeCopy copy) throws IOException {
        for (int attempt = 1; attempt <= SESSION_COPY_ATTEMPTS; attempt++) {
            List<Path> segments = sorted(from, "*.log");
            boolean complete = true;
            for (Path seg : segments) {
                if (!copy.file(seg, to.resolve(seg.getFileName().toString()))) {
                    complete = false;
                    break;
                }
            }
            if (complete) return segments.size();
            copy.forget(to);
        }
        throw new IOException("the MQTT session store in " + from + " was compacted during each of "
                + SESSION_COPY_ATTEMPTS + " copies; try the backup again");
    }

    /** QuestDB's own log and its web console's files (unpacked again at every start) are not data. */
    private static boolean questDbSkip(Path rel) {
        String top = rel.getNameCount() > 0 ? rel.getName(0).toString() : "";
        return top.equals("log") || top.equals("public");
    }

    /** QuestDB's documented online backup: enter checkpoint mode, copy its root, always leave checkpoint mode. */
    private static void copyInCheckpoint(QuestDbSql sql, Path questDb, Path to, TreeCopy copy) throws IOException {
        try {
            sql.exec("CHECKPOINT CREATE");
        } catch (IOException e) {
            // A backup that died left it in checkpoint mode; we hold the backup lock, so it is no one's.
            sql.exec("CHECKPOINT RELEASE");
            sql.exec("CHECKPOINT CREATE");
        }
        try {
            copy.tree(questDb, to, Backup::questDbSkip);
        } finally {
            sql.exec("CHECKPOINT RELEASE");
        }
    }

    private static List<Path> sorted(Path dir, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            for (Path p : ds) out.add(p);
        }
        out.sort(null);
        return out;
    }

    static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** A file lock held for the duration of a backup or restore. */
    static final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        /** Takes the lock or fails with {@code busy}; without write access to the directory, holds nothing. */
        static Held exclusive(Path file, String busy) throws IOException {
            FileChannel ch;
            try {
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (AccessDeniedException e) {
                return new Held(null, null);
            }
            FileLock l = tryLock(ch, false);
            if (l == null) {
                ch.close();
                throw new IOException(busy);
            }
            return new Held(ch, l);
        }

        /**
         * A shared lock on the log's lock file when no gateway holds it (which then keeps one from
         * starting); null when a gateway holds it, i.e. runs. A directory without the file has never had
         * a log: held by no one.
         */
        static Held sharedIfFree(Path file) throws IOException {
            if (!Files.exists(file)) return new Held(null, null);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            FileLock l = tryLock(ch, true);
            if (l == null) {
                ch.close();
                return null;
            }
            return new Held(ch, l);
        }

        /** Whether a gateway holds the data directory's log (it runs on it). */
        static boolean gatewayRunning(Path dataDir) throws IOException {
            Held h = sharedIfFree(dataDir.resolve(DataDirectory.LOG).resolve(".lock"));
            if (h == null) return true;
            h.close();
            return false;
        }

        private static FileLock tryLock(FileChannel ch, boolean shared) throws IOException {
            try {
                return ch.tryLock(0, Long.MAX_VALUE, shared);
            } catch (OverlappingFileLockException e) {
                return null; // this JVM holds it (a gateway in this process)
            }
        }

        @Override
        public void close() throws IOException {
            if (channel == null) return;
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
