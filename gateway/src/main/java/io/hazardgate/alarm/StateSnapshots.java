package io.hazardgate.alarm;

import io.hazardgate.alarm.delivery.AlarmFiles;
import io.hazardgate.alarm.state.AlarmSlot;
import io.hazardgate.alarm.state.SensorState;
import io.hazardgate.alarm.state.SensorStateCodec;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic snapshots of every sensor's rule state, one file per shard ({@code state-N.bin} under the
 * alarm directory). A shard serialises its sensors a slice at a time between batches of readings (so
 * evaluation never pauses for long) and hands the bytes to one writer thread, which writes a temporary
 * file, forces it and renames it over the last snapshot: a crash leaves the previous complete file.
 * If the writer falls behind, the shard drops that round rather than wait: evaluation never waits for
 * disk.
 *
 * <p>File: int magic, int version, long written-at; records of (int length, int CRC-32, payload); int 0.
 */
final class StateSnapshots implements AutoCloseable {
    static final int MAGIC = 0x48474153; // "HGAS"
    static final int FILE_VERSION = 1;
    private static final int SENSORS_PER_STEP = 512;
    /**
     * A step also ends after this long, so that readings never wait behind one for long: snapshots are
     * rare, so their code may still run interpreted, at some microseconds a sensor.
     */
    private static final long STEP_NANOS = 100_000;
    private static final int CHUNK_BYTES = 256 * 1024;
    private static final Logger log = LoggerFactory.getLogger(StateSnapshots.class);

    /** No directory: snapshots off (tests of the evaluator alone). */
    static StateSnapshots none() { return new StateSnapshots(null, Long.MAX_VALUE, 0); }

    private final Path dir;
    private final long intervalMs;
    private final long[] nextDue;
    private final ArrayBlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(16);
    private final Thread writer;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean running = true;

    private record Chunk(int shard, long round, byte[] bytes, boolean first, boolean last) {}

    StateSnapshots(Path dir, long intervalMs, int shards) {
        this.dir = dir;
        this.intervalMs = intervalMs;
        this.nextDue = new long[Math.max(shards, 1)];
        this.writer = new Thread(this::writeLoop, "alarm-snapshot");
        this.writer.setDaemon(true);
    }

    void start(long now) {
        if (dir == null) return;
        for (int i = 0; i < nextDue.length; i++) nextDue[i] = now + intervalMs;
        writer.start();
    }

    /** Snapshots written since start. */
    long written() { return written.get(); }

    /** Snapshot rounds a shard gave up because the writer was behind. */
    long dropped() { return dropped.get(); }

    /** A new round for the evaluator's shard when one is due; called on the shard's thread. */
    Cursor due(AlarmEvaluator e, long now) {
        int s = e.shard();
        if (dir == null || !running || now < nextDue[s]) return null;
        nextDue[s] = now + intervalMs;
        return new Cursor(e, now);
    }

    /** One round of one shard: its sensors, serialised a slice per step. */
    final class Cursor {
        private final AlarmEvaluator evaluator;
        private final SensorState[] sensors;
        private final long round;
        private final BufferBytes buf = BufferBytes.allocate(64 * 1024);
        private final CRC32 crc = new CRC32();
        private int pos;
        private boolean first = true;

        Cursor(AlarmEvaluator evaluator, long round) {
            this.evaluator = evaluator;
            this.sensors = evaluator.local();
            this.round = round;
        }

        /** Serialises the next slice; true when the round is over (written or given up). */
        boolean step() {
            if (evaluator.local() != sensors) return true; // a reload replaced the states: next round
            int end = Math.min(sensors.length, pos + SENSORS_PER_STEP);
            long deadline = System.nanoTime() + STEP_NANOS;
            while (pos < end) {
                frame(buf, crc, sensors[pos++]);
                if ((pos & 15) == 0 && System.nanoTime() - deadline > 0) break;
            }
            boolean last = pos == sensors.length;
            if (!last && buf.readableBytes() < CHUNK_BYTES) return false;
            byte[] bytes = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), bytes);
            buf.clear();
            if (!queue.offer(new Chunk(evaluator.shard(), round, bytes, first, last))) {
                dropped.incrementAndGet();
                return true;
            }
            first = false;
            return last;
        }
    }

    /** Appends one sensor's record: length, CRC-32, payload. Sensors that never reported are left out. */
    static void frame(Bytes out, CRC32 crc, SensorState st) {
        if (st.lastTs == Long.MIN_VALUE && noSlots(st)) return;
        int start = out.writerIndex();
        out.writeInt(0).writeInt(0);
        SensorStateCodec.write(st, out);
        int len = out.writerIndex() - start - 8;
        crc.reset();
        crc.update(out.array(), out.arrayOffset() + start + 8, len);
        out.setInt(start, len);
        out.setInt(start + 4, (int) crc.getValue());
    }

    private static boolean noSlots(SensorState st) {
        for (AlarmSlot s : st.slots) if (s != null) return false;
        return true;
    }

    private void writeLoop() {
        FileChannel[] open = new FileChannel[nextDue.length];
        long[] rounds = new long[nextDue.length];
        while (running || !queue.isEmpty()) {
            Chunk c;
            try {
                c = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (c == null) continue;
            try {
                if (c.first()) {
                    if (open[c.shard()] != null) open[c.shard()].close();
                    open[c.shard()] = begin(tmp(c.shard()));
                    rounds[c.shard()] = c.round();
                } else if (open[c.shard()] == null || rounds[c.shard()] != c.round()) {
                    continue; // the start of this round was dropped
                }
                writeFully(open[c.shard()], ByteBuffer.wrap(c.bytes()));
                if (c.last()) {
                    finish(open[c.shard()], tmp(c.shard()), file(c.shard()));
                    open[c.shard()] = null;
                    written.incrementAndGet();
                }
            } catch (IOException e) {
                log.error("alarm state snapshot of shard {} failed; the previous one stays: {}", c.shard(), e.toString());
                closeQuietly(open[c.shard()]);
                open[c.shard()] = null;
            }
        }
        for (FileChannel ch : open) closeQuietly(ch); // rounds cut short by a stop
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    /** Writes every shard's snapshot now, on the calling thread (shards stopped, at shutdown). */
    void writeAll(List<AlarmEvaluator> evaluators) {
        if (dir == null) return;
        CRC32 crc = new CRC32();
        for (AlarmEvaluator e : evaluators) {
            BufferBytes buf = BufferBytes.allocate(64 * 1024);
            try {
                for (SensorState st : e.local()) frame(buf, crc, st);
                FileChannel ch = begin(tmp(e.shard()));
                writeFully(ch, buf.nioBuffer());
                finish(ch, tmp(e.shard()), file(e.shard()));
                written.incrementAndGet();
            } catch (IOException ex) {
                log.error("final alarm state snapshot of shard {} failed: {}", e.shard(), ex.toString());
            }
        }
    }

    private Path tmp(int shard) { return dir.resolve("state-" + shard + ".bin.tmp"); }

    private Path file(int shard) { return dir.resolve("state-" + shard + ".bin"); }

    private FileChannel begin(Path tmp) throws IOException {
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        ByteBuffer header = ByteBuffer.allocate(16).putInt(MAGIC).putInt(FILE_VERSION).putLong(System.currentTimeMillis());
        writeFully(ch, header.flip());
        return ch;
    }

    private void finish(FileChannel ch, Path tmp, Path target) throws IOException {
        try (ch) {
            writeFully(ch, ByteBuffer.allocate(4).putInt(0).flip());
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AlarmFiles.syncDirectory(dir);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    /**
     * Hands every sensor record of every snapshot file in {@code dir} to {@code action} (its key, and its
     * payload positioned just after the key). Files are mapped, not read onto the heap, and records are
     * not copied. A file whose header or a record's CRC is wrong is read up to the damage; its other
     * records are lost, not guessed.
     */
    static void read(Path dir, BiConsumer<String, ByteBuffer> action) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "state-*.bin")) {
            for (Path f : files) readFile(f, action);
        }
    }

    private static void readFile(Path f, BiConsumer<String, ByteBuffer> action) throws IOException {
        ByteBuffer mapped;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        ByteBuffer in = mapped;
        if (in.remaining() < 16 || in.getInt() != MAGIC || in.getInt() != FILE_VERSION) {
            log.warn("ignoring {}: not an alarm state snapshot of this version", f);
            return;
        }
        in.position(in.position() + 8);
        CRC32 crc = new CRC32();
        while (in.remaining() >= 4) {
            int len = in.getInt();
            if (len == 0) return;
            if (len < 0 || in.remaining() < 4 + len) break;
            int expected = in.getInt();
            crc.reset();
            crc.update(in.slice(in.position(), len));
            if ((int) crc.getValue() != expected) break;
            ByteBuffer payload = in.slice(in.position(), len);
            in.position(in.position() + len);
            action.accept(SensorStateCodec.key(payload), payload);
        }
        log.warn("alarm state snapshot {} is damaged; the sensors after the damage start fresh", f);
    }

    /** Deletes snapshot files of shards that no longer exist (the shard count changed). */
    void deleteBeyond(int shards) throws IOException {
        if (dir == null) return;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "state-*.bin")) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                try {
                    int s = Integer.parseInt(n.substring("state-".length(), n.length() - ".bin".length()));
                    if (s >= shards) Files.delete(f);
                } catch (NumberFormatException e) {
                    // not ours
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (writer.isAlive()) {
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
