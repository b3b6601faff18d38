package io.hazardgate.response.outbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The notification outbox on disk: an append-only file of checksummed records, forced to disk before
 * an append returns, so what was planned or sent survives a crash and is neither lost nor sent twice.
 * The same discipline as the alarm journal and the durable log.
 *
 * <p>Record: int length of type and payload, int CRC-32 of type and payload, byte type, payload. A record
 * torn by a crash, or one whose checksum fails, ends the readable file: it and everything after it are
 * cut off at open (a failed checksum in the middle means the disk returned garbage; what follows cannot
 * be trusted to frame). Thread-safe: appends are serialised.
 */
public final class OutboxFile implements AutoCloseable {
    /** Largest record: a message to one person holds at most a few dozen notices. */
    public static final int MAX_RECORD = 4 << 20;

    /** One record as read back. */
    public record Entry(byte type, byte[] payload) {}

    private final Path dir;
    private final Path file;
    private FileChannel channel;
    private final CRC32 crc = new CRC32();
    private long truncatedBytes;

    private OutboxFile(Path dir, Path file, FileChannel channel) {
        this.dir = dir;
        this.file = file;
        this.channel = channel;
    }

    /** Opens (or creates) {@code dir/name}, reads every whole record into {@code into} and cuts off a torn tail. */
    public static OutboxFile open(Path dir, String name, List<Entry> into) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        long good = 0;
        long size = 0;
        if (Files.exists(file)) {
            byte[] all = Files.readAllBytes(file);
            size = all.length;
            ByteBuffer in = ByteBuffer.wrap(all);
            CRC32 crc = new CRC32();
            while (in.remaining() >= 9) {
                int len = in.getInt();
                int expected = in.getInt();
                if (len < 1 || len > MAX_RECORD || in.remaining() < len) break;
                byte[] body = new byte[len];
                in.get(body);
                crc.reset();
                crc.update(body);
                if ((int) crc.getValue() != expected) break;
                into.add(new Entry(body[0], java.util.Arrays.copyOfRange(body, 1, body.length)));
                good = in.position();
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ch.truncate(good);
        ch.position(good);
        ch.force(true);
        OutboxFile f = new OutboxFile(dir, file, ch);
        f.truncatedBytes = size - good;
        return f;
    }

    /** Bytes cut off at open: a torn or corrupt tail. */
    public long truncatedBytes() { return truncatedBytes; }

    /** Appends the records and forces them to disk; when this returns they survive a crash. */
    public synchronized void append(List<Entry> entries) throws IOException {
        if (entries.isEmpty()) return;
        ByteBuffer out = frame(entries);
        while (out.hasRemaining()) channel.write(out);
        channel.force(false);
    }

    public synchronized long size() throws IOException { return channel.size(); }

    /** Replaces the file by {@code entries} atomically (temp file, force, rename, directory sync). */
    public synchronized void rewrite(List<Entry> entries) throws IOException {
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int from = 0; from < entries.size(); from += 1024) {
                ByteBuffer b = frame(entries.subList(from, Math.min(entries.size(), from + 1024)));
                while (b.hasRemaining()) out.write(b);
            }
            out.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        channel.position(channel.size());
    }

    private ByteBuffer frame(List<Entry> entries) {
        int total = 0;
        for (Entry e : entries) {
            if (e.payload().length + 1 > MAX_RECORD) throw new IllegalArgumentException("outbox record too large: " + e.payload().length);
            total += 9 + e.payload().length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (Entry e : entries) {
            crc.reset();
            crc.update(e.type());
            crc.update(e.payload());
            out.putInt(1 + e.payload().length).putInt((int) crc.getValue()).put(e.type()).put(e.payload());
        }
        return out.flip();
    }

    @Override
    public synchronized void close() throws IOException { channel.close(); }
}
