package io.hazardgate.alarm.delivery;

import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The write-ahead journal of alarm events ({@code alarms.journal} under the alarm directory): each event
 * is appended and forced to disk before it is published, so every alarm a consumer has seen is known
 * after a crash, with its acknowledgement, flapping and escalation. Appends come in groups (one force
 * per batch of events). When the file grows past {@link #COMPACT_BYTES} it is rewritten as the latest
 * event of each active alarm plus, per sensor, the newest reading time any event referred to.
 * Owned by the alarm bus thread.
 *
 * <p>File: a header (int magic "HGAJ", int {@link #FORMAT_VERSION}), then records: int length, int
 * CRC-32 of the payload, byte type, payload. Type 1: an event as its wire JSON. Type 2: a sensor's
 * reading-time watermark (UTF-8 {@code site/tag}, long epoch ms). Type 3 (no payload): every event
 * before it is durably with the MQTT sessions that deliver it (the session store); the events after the
 * last one are {@link Recovered#undelivered()} and are published again at the next start, so a crash
 * between the journal and the session store loses none for an offline consumer. A file without type-3
 * records (an earlier release's) has nothing to publish again. A torn record at the end (a crash in the
 * middle of an append) is cut off at recovery. A file without the header (written before it existed)
 * holds version-1 records from its first byte; the compaction at every start rewrites it with the
 * header. A file of a newer version is refused, never half-read; an earlier release skips type 3.
 */
public final class AlarmJournal implements AutoCloseable {
    static final String FILE = "alarms.journal";
    static final long COMPACT_BYTES = 8L << 20;
    static final int MAGIC = 0x4847414A; // "HGAJ"
    static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 8;
    private static final byte EVENT = 1;
    private static final byte WATERMARK = 2;
    private static final byte DELIVERED = 3;

    /**
     * What the journal holds: the latest event of each alarm still active, reading-time watermarks, and
     * the events journaled after the last delivery mark, in order.
     */
    public record Recovered(Map<String, AlarmEvent> active, Map<String, Long> watermarks, List<AlarmEvent> undelivered) {
        static final Recovered EMPTY = new Recovered(Map.of(), Map.of(), List.of());

        public Recovered(Map<String, AlarmEvent> active, Map<String, Long> watermarks) {
            this(active, watermarks, List.of());
        }

        /** Without the watermarks after {@code limit}: readings stamped in the future, which an earlier release took. */
        public Recovered withoutMarksAfter(long limit) {
            Map<String, Long> kept = new HashMap<>(watermarks);
            kept.values().removeIf(mark -> mark > limit);
            return kept.size() == watermarks.size() ? this : new Recovered(active, kept, undelivered);
        }
    }

    private final Path dir;
    private final Path file;
    private FileChannel channel;
    private ByteBuffer pending = ByteBuffer.allocate(64 * 1024);
    private final CRC32 crc = new CRC32();

    private AlarmJournal(Path dir, FileChannel channel) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.channel = channel;
    }

    /** Reads the journal in {@code dir}, cutting off a torn tail, and opens it for appending. */
    public static AlarmJournal open(Path dir, Recovered[] recovered) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        Map<String, AlarmEvent> active = new LinkedHashMap<>();
        Map<String, Long> watermarks = new HashMap<>();
        List<AlarmEvent> tail = new ArrayList<>();
        boolean marked = false;
        long good = 0;
        boolean header = false;
        if (Files.exists(file)) {
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
            if (in.remaining() >= HEADER_BYTES && in.getInt(0) == MAGIC) {
                int version = in.getInt(4);
                if (version > FORMAT_VERSION) {
                    throw new IOException(file + " is an alarm journal of format " + version + ", newer than this release"
                            + " reads (" + FORMAT_VERSION + ")");
                }
                in.position(HEADER_BYTES);
                good = HEADER_BYTES;
                header = true;
            }
            CRC32 crc = new CRC32();
            while (in.remaining() >= 9) {
                int len = in.getInt();
                int expected = in.getInt();
                if (len < 1 || in.remaining() < len) break;
                byte[] payload = new byte[len];
                in.get(payload);
                crc.reset();
                crc.update(payload);
                if ((int) crc.getValue() != expected) break;
                if (payload[0] == DELIVERED) {
                    marked = true;
                    // the mark may leave the newest events before it unconfirmed (they were journaled
                    // while the confirmation of the older ones was on its way)
                    int open = payload.length >= 5 ? ByteBuffer.wrap(payload, 1, 4).getInt() : 0;
                    List<AlarmEvent> keep = open <= 0 ? List.of() : List.copyOf(tail.subList(Math.max(0, tail.size() - open), tail.size()));
                    tail.clear();
                    tail.addAll(keep);
                } else {
                    AlarmEvent e = apply(payload, active, watermarks);
                    if (e != null) tail.add(e);
                }
                good = in.position();
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ch.truncate(good);
        if (good == 0 && !header) {
            ch.write(header());
            ch.write(deliveredMark());
            ch.force(true);
            good = ch.position();
        }
        ch.position(good);
        recovered[0] = new Recovered(active, watermarks, marked ? tail : List.of());
        return new AlarmJournal(dir, ch);
    }

    private static ByteBuffer header() {
        return ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(FORMAT_VERSION).flip();
    }

    private static ByteBuffer deliveredMark() {
        CRC32 crc = new CRC32();
        crc.update(DELIVERED);
        return ByteBuffer.allocate(9).putInt(1).putInt((int) crc.getValue()).put(DELIVERED).flip();
    }

    /** Applies a record; returns the event it held, if it was one. */
    private static AlarmEvent apply(byte[] payload, Map<String, AlarmEvent> active, Map<String, Long> watermarks) {
        if (payload[0] == EVENT) {
            AlarmEvent e = AlarmEventJson.decode(java.util.Arrays.copyOfRange(payload, 1, payload.length));
            watermarks.merge(e.sensorKey(), e.readingTs(), Math::max);
            AlarmEvent before = active.get(e.id());
            if (before != null && before.seq() >= e.seq()) return e;
            if (e.isActive()) active.put(e.id(), e);
            else active.remove(e.id());
            return e;
        } else if (payload[0] == WATERMARK) {
            ByteBuffer b = ByteBuffer.wrap(payload, 1, payload.length - 1);
            int n = b.getShort() & 0xFFFF;
            String key = new String(payload, 3, n, StandardCharsets.UTF_8);
            b.position(3 + n);
            watermarks.merge(key, b.getLong(), Math::max);
        }
        return null;
    }

    /** Buffers an event; {@link #commit()} makes it durable. */
    void append(AlarmEvent e) {
        record(EVENT, AlarmEventJson.encode(e));
    }

    /** Buffers a delivery mark: every event before it is durably with the sessions that deliver it. */
    void markDelivered() {
        markDelivered(0);
    }

    /**
     * Buffers a delivery mark that confirms every event before it but the newest {@code stillOpen}: those
     * are not yet known to be with the sessions, and are published again after a crash.
     */
    void markDelivered(int stillOpen) {
        record(DELIVERED, ByteBuffer.allocate(4).putInt(stillOpen).array());
    }

    private void record(byte type, byte[] body) {
        int len = 1 + body.length;
        if (pending.remaining() < 8 + len) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + 8 + len));
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        crc.reset();
        crc.update(type);
        crc.update(body);
        pending.putInt(len).putInt((int) crc.getValue()).put(type).put(body);
    }

    /** Writes what was appended and forces it to disk. */
    void commit() throws IOException {
        if (pending.position() == 0) return;
        pending.flip();
        try {
            while (pending.hasRemaining()) channel.write(pending);
            channel.force(false);
        } finally {
            pending.clear();
        }
    }

    long size() throws IOException { return channel.size(); }

    /**
     * Rewrites the journal as the given active alarms and watermarks, then a delivery mark and the events
     * not yet confirmed delivered (atomically: temp file, force, rename).
     */
    void compact(Collection<AlarmEvent> active, Map<String, Long> watermarks, List<AlarmEvent> undelivered)
            throws IOException {
        commit();
        Path tmp = dir.resolve(FILE + ".tmp");
        ByteBuffer saved = pending;
        pending = ByteBuffer.allocate(64 * 1024);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer h = header();
            while (h.hasRemaining()) out.write(h);
            for (Map.Entry<String, Long> w : watermarks.entrySet()) {
                byte[] key = w.getKey().getBytes(StandardCharsets.UTF_8);
                record(WATERMARK, ByteBuffer.allocate(2 + key.length + 8).putShort((short) key.length).put(key)
                        .putLong(w.getValue()).array());
            }
            for (AlarmEvent e : active) append(e);
            markDelivered();
            for (AlarmEvent e : undelivered) append(e);
            pending.flip();
            while (pending.hasRemaining()) out.write(pending);
            out.force(true);
        } finally {
            pending = saved;
            pending.clear();
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AlarmFiles.syncDirectory(dir);
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.position(channel.size());
    }

    @Override
    public void close() throws IOException {
        try {
            commit();
        } finally {
            channel.close();
        }
    }
}
