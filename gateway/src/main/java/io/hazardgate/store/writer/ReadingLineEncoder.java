package io.hazardgate.store.writer;

import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a reading record of the log into {@code reading} lines, one per reading:
 * {@code reading,site=…,source=…,tag=…,type=…,unit=… value=12.5,quality=0i 1732350000123}
 * (timestamp in milliseconds, the reading's own). A non-finite value, which line protocol cannot
 * carry, leaves the line with its quality only. Source, type and unit come from the current
 * {@link SensorCatalog}; a reading that was accepted as an unknown tag, or whose tag has left the
 * configuration since, is stored under source {@code _unknown} and type {@code unknown}. Used by one
 * thread.
 */
public final class ReadingLineEncoder {
    /** Bound on the cache of unknown tags, so a misbehaving device cannot grow it without limit. */
    private static final int UNKNOWN_CACHE_TAGS = 4096;

    private final ReadingBatch batch = new ReadingBatch();
    private final Map<String, TagTable> unknownBySite = new HashMap<>();
    private volatile SensorCatalog catalog;

    public ReadingLineEncoder(SensorCatalog catalog) {
        this.catalog = catalog;
    }

    /** Uses {@code next} for records encoded from now on (a config reload). */
    void catalog(SensorCatalog next) {
        this.catalog = next;
    }

    /** Appends the lines of the record at {@code index}; returns how many. */
    public int encode(Bytes buf, int index, StringBuilder out) {
        SensorCatalog c = catalog;
        batch.wrap(buf, index);
        String site = batch.site();
        TagTable known = c.tags(site);
        int lines = 0;
        int last = TagTable.NONE;
        while (batch.next()) {
            int tagOffset = batch.tagOffset();
            int tagLength = batch.tagLength();
            String prefix = null;
            if (known != null && batch.sensorId() != ReadingBatch.UNKNOWN_SENSOR) {
                // readings mostly come in configuration order: try the entry after the previous one first
                int at = known.indexOf(buf, tagOffset, tagLength, last + 1);
                if (at != TagTable.NONE) {
                    prefix = known.value(at);
                    last = at;
                }
            }
            if (prefix == null) prefix = unknownPrefix(site, buf, tagOffset, tagLength);
            out.append(prefix);
            double value = batch.value();
            if (LineProtocol.representable(value)) LineProtocol.floatValue(out.append("value="), value).append(',');
            out.append("quality=").append(batch.qualityCode()).append("i ").append(batch.ts()).append('\n');
            lines++;
        }
        return lines;
    }

    private String unknownPrefix(String site, Bytes buf, int tagOffset, int tagLength) {
        TagTable t = unknownBySite.computeIfAbsent(site, s -> new TagTable(UNKNOWN_CACHE_TAGS));
        String prefix = t.get(buf, tagOffset, tagLength);
        if (prefix != null) return prefix;
        byte[] tag = new byte[tagLength];
        buf.getBytes(tagOffset, tag);
        prefix = SensorCatalog.unknownPrefix(site, new String(tag, StandardCharsets.UTF_8));
        t.put(tag, prefix);
        return prefix;
    }
}
