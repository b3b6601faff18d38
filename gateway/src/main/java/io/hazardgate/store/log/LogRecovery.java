package io.hazardgate.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every segment when the log opens. An unfinished write at the end of the last segment (a torn
 * tail: the crash came before its group commit completed, so none of it was acknowledged) is truncated
 * with a warning. A damaged record with intact records after it is reported with its segment and
 * position and skipped, and everything before and after it is kept; the damaged bytes stay in the file.
 * Unreadable bytes at the end of an older segment, which a completed group commit should never leave,
 * are copied aside before truncation so that nothing is thrown away unseen.
 */
final class LogRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);
    private static final int SCAN_BUFFER_BYTES = 1 << 20;

    private LogRecovery() {}

    static Segments recover(Path dir, LogOptions options, StoreMetrics metrics) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + LogFrame.SEGMENT_SUFFIX)) {
            for (Path p : ds) {
                if (LogFrame.baseOffsetOf(p) >= 0) files.add(p);
            }
        }
        files.sort(Comparator.comparingLong(LogFrame::baseOffsetOf));
        Segments segments = new Segments();
        for (int i = 0; i < files.size(); i++) {
            boolean last = i == files.size() - 1;
            Segment s = recoverSegment(files.get(i), last, options, metrics);
            if (s == null) continue;
            s.sealed = !last;
            segments.add(s);
        }
        Segment last = segments.last();
        if (last != null && last.sealed) last.sealed = false;
        return segments;
    }

    private static Segment recoverSegment(Path file, boolean last, LogOptions options, StoreMetrics metrics)
            throws IOException {
        long base = LogFrame.baseOffsetOf(file);
        try (FileChannel ch = options.opener().open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size < LogFrame.SEGMENT_HEADER_BYTES) {
                // Created by a roll that a crash interrupted; it never held a record.
                LOG.warn("Log segment {} has no complete header ({} bytes): removing it; it held no records", file, size);
                Files.delete(file);
                return null;
            }
            ByteBuffer header = ByteBuffer.allocate(LogFrame.SEGMENT_HEADER_BYTES);
            while (header.hasRemaining()) ch.read(header, header.position());
            header.flip();
            int magic = header.getInt();
            int version = header.getInt();
            long headerBase = header.getLong();
            if (magic != LogFrame.SEGMENT_MAGIC || version != LogFrame.SEGMENT_VERSION || headerBase != base) {
                Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
                LOG.error("Log segment {} has an unknown header (magic {}, version {}, base {}): its records cannot "
                        + "be read; kept as {} for inspection", file, Integer.toHexString(magic), version, headerBase, aside);
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                return null;
            }
            Segment segment = new Segment(base, file);
            SegmentReader reader = new SegmentReader(ch, LogFrame.SEGMENT_HEADER_BYTES, options.maxRecordBytes(),
                    SCAN_BUFFER_BYTES);
            while (true) {
                SegmentReader.Result r = reader.next(size);
                if (r == SegmentReader.Result.RECORD) {
                    segment.records++;
                    segment.readings += reader.payloadReadings();
                    segment.lastAppendedAt = reader.appendedAt();
                } else if (r == SegmentReader.Result.END) {
                    break;
                } else {
                    long bad = reader.position();
                    String why = reader.corruption();
                    long next = reader.resync(size);
                    if (next < 0) {
                        reader.seek(bad);
                        break;
                    }
                    metrics.corruptRecords.increment();
                    LOG.error("Log segment {}: corrupt record at byte {} ({}), after record offset {}; skipped {} bytes "
                                    + "to the next intact record at byte {}; records before and after it are kept",
                            file, bad, why, segment.endOffset() - 1, next - bad, next);
                }
            }
            long valid = reader.position();
            if (valid < size) {
                long torn = size - valid;
                metrics.tornTailBytes.increment(torn);
                if (last) {
                    LOG.warn("Log segment {}: truncating a torn tail of {} bytes at byte {} (a write the crash "
                            + "interrupted; none of it was acknowledged)", file, torn, valid);
                } else {
                    Path aside = file.resolveSibling(file.getFileName() + ".tail-" + valid);
                    copyTail(ch, valid, size, aside);
                    LOG.error("Log segment {}: {} unreadable bytes at byte {} at the end of a sealed segment; copied to {} "
                            + "and truncated", file, torn, valid, aside);
                }
                ch.truncate(valid);
                ch.force(true);
            }
            segment.size = valid;
            return segment;
        }
    }

    private static void copyTail(FileChannel ch, long from, long to, Path aside) throws IOException {
        try (FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            long pos = from;
            while (pos < to) pos += ch.transferTo(pos, to - pos, out);
            out.force(true);
        }
    }
}
