package io.hazardgate.store.log;

import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's durable place in the log: everything before {@link #committed()} is done with (in the
 * store, at the platform, counted). Kept in {@code <name>.offset} beside the segments, a small text file
 * replaced atomically, with the consumer's own notes (such as what it last sent a platform). The log's
 * retention never deletes a record some declared cursor has not committed, so the slowest consumer
 * decides what stays. Cursors are declared when the log opens ({@link Spec}), before its retention
 * first runs, so no consumer finds the records it still needed deleted at start.
 *
 * <p>File format: Java properties, {@code format=1}, {@code offset}, {@code segment}, {@code position}
 * and {@code note.*} entries. A file without {@code format} is version 1 (the store writer's
 * {@code shipped.offset} before the field existed).
 */
public final class LogCursor {
    private static final Logger LOG = LoggerFactory.getLogger(LogCursor.class);
    public static final String SUFFIX = ".offset";
    static final int FORMAT = 1;
    private static final String NOTE = "note.";

    /** Where a cursor starts when its file does not exist yet. */
    public enum Start { OLDEST, END }

    /**
     * A cursor the log keeps for a consumer.
     *
     * @param name         file name without {@link #SUFFIX}: letters, digits, '-', '_' and '.'
     * @param whenMissing  where a consumer with no file yet starts; a file that exists but cannot be
     *                     read always starts at the oldest record (a replay, never a gap)
     * @param sync         whether each commit is forced to disk (for consumers whose replays the other
     *                     side does not absorb)
     * @param description  the comment at the top of the file
     */
    public record Spec(String name, Start whenMissing, boolean sync, String description) {
        public Spec {
            if (!name.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("bad cursor name '" + name + "'");
        }

        public Spec withStart(Start start) { return new Spec(name, start, sync, description); }

        public Spec named(String other) { return new Spec(other, whenMissing, sync, description); }
    }

    private final Spec spec;
    private final Path file;
    private final Path temp;
    private final Map<String, String> notes = new TreeMap<>();
    private volatile LogPosition committed;

    private LogCursor(Spec spec, Path dir) {
        this.spec = spec;
        this.file = dir.resolve(spec.name() + SUFFIX);
        this.temp = dir.resolve(spec.name() + SUFFIX + ".tmp");
    }

    /** Reads the cursor's file and checks it against the log's segments; the log opens its cursors so. */
    static LogCursor load(Spec spec, Path dir, Segments segments, LogPosition end) {
        LogCursor c = new LogCursor(spec, dir);
        c.committed = c.startPosition(segments, end);
        return c;
    }

    public String name() { return spec.name(); }

    public Path file() { return file; }

    /** Everything before this position is done with; where the consumer resumes. */
    public LogPosition committed() { return committed; }

    /** A note the consumer persisted with its position, or null. */
    public synchronized String note(String key) { return notes.get(key); }

    /** Sets a note, persisted with the next {@link #commit}. */
    public synchronized void note(String key, String value) {
        if (!key.matches("[A-Za-z0-9._-]+")) throw new IllegalArgumentException("bad note key '" + key + "'");
        notes.put(key, value);
    }

    /**
     * Records that everything before {@code pos} is done with and persists it. From then on retention
     * may delete what lies behind it. A position behind the committed one is ignored.
     *
     * @throws IOException when the file cannot be written; the position still holds in memory
     */
    public void commit(LogPosition pos) throws IOException {
        String text;
        synchronized (this) {
            if (pos.offset() >= committed.offset()) committed = pos;
            text = render(committed);
        }
        write(text);
    }

    /** Persists the notes at the committed position. */
    public void save() throws IOException { commit(committed); }

    /** Moves the hold without a file (tests of retention). */
    void holdAt(long offset) { committed = new LogPosition(offset, committed.segmentBase(), committed.position()); }

    private String render(LogPosition pos) {
        StringBuilder sb = new StringBuilder("# ").append(spec.description()).append('\n')
                .append("format=").append(FORMAT).append('\n')
                .append("offset=").append(pos.offset()).append('\n')
                .append("segment=").append(pos.segmentBase()).append('\n')
                .append("position=").append(pos.position()).append('\n');
        for (Map.Entry<String, String> n : notes.entrySet()) {
            sb.append(NOTE).append(n.getKey()).append('=').append(escape(n.getValue())).append('\n');
        }
        return sb.toString();
    }

    private synchronized void write(String text) throws IOException {
        if (spec.sync()) {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(StandardCharsets.UTF_8.encode(text));
                ch.force(true);
            }
        } else {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The persisted position checked against the log, or where the spec says to start without one. */
    private LogPosition startPosition(Segments segments, LogPosition end) {
        LogPosition start = LogPosition.segmentStart(segments.first().baseOffset);
        LogPosition stored;
        try {
            stored = read();
        } catch (NoSuchFileException e) {
            return spec.whenMissing() == Start.END ? end : start;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read {} ({}): {} starts again from the oldest record in the log", file, e.toString(),
                    spec.name());
            return start;
        }
        if (stored.offset() > end.offset()) {
            // The log lost a tail the consumer already has (fsync policy os or interval and a power loss).
            LOG.warn("{}: offset {} is past the end of the log ({}): resuming at the end", file, stored.offset(), end.offset());
            return end;
        }
        Segment s = segments.get(stored.segmentBase());
        if (s == null) {
            // The segment it pointed into was done with whole and deleted: resume where the next one starts.
            Segment next = segments.after(stored.segmentBase());
            if (next != null && stored.offset() <= next.baseOffset) return LogPosition.segmentStart(next.baseOffset);
        }
        if (s == null || stored.position() > s.size || stored.position() < LogFrame.SEGMENT_HEADER_BYTES) {
            LOG.warn("{}: position {} does not match the log's segments: {} starts again from the oldest record {}",
                    file, stored, spec.name(), start.offset());
            return start;
        }
        return stored;
    }

    private LogPosition read() throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        String format = p.getProperty("format", "1").trim();
        if (!format.equals(Integer.toString(FORMAT))) {
            throw new IOException("format " + format + " is not one this release reads (" + FORMAT + ")");
        }
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith(NOTE)) notes.put(k.substring(NOTE.length()), p.getProperty(k));
        }
        return new LogPosition(Long.parseLong(p.getProperty("offset").trim()),
                Long.parseLong(p.getProperty("segment").trim()), Long.parseLong(p.getProperty("position").trim()));
    }

    /** Properties escaping of a value: backslash, line breaks and non-ASCII as \\uXXXX. */
    private static String escape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() { return spec.name() + "@" + committed.offset(); }
}
