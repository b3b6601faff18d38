package io.hazardgate.plant;

import io.hazardgate.record.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Maps a site's tags, given as UTF-8 bytes inside an array, to sensor ids without creating a String.
 * The tags' bytes lie side by side in configuration order, and a lookup may name the position it
 * expects: a data logger sends its points in the same order every time, usually the order they are
 * configured in, so the next reading's tag is most often the one after the previous reading's and is
 * found by one comparison with bytes already in cache. Any other tag is looked up by hash (open
 * addressing over a power-of-two table). Immutable after construction, so any thread may read it.
 */
public final class TagTable {
    /** What {@link #indexOf} answers for a tag that is not configured. */
    public static final int NONE = -1;

    private final byte[] arena;
    /** Tag {@code i} is {@code arena[starts[i], starts[i + 1])}. */
    private final int[] starts;
    private final int[] ids;
    /** 1 + the index of the tag in each slot; 0 for an empty slot. */
    private final int[] slots;
    private final int[] slotHashes;
    private final int mask;

    TagTable(String[] tags, int[] sensorIds) {
        byte[][] keys = new byte[tags.length][];
        int total = 0;
        for (int i = 0; i < tags.length; i++) {
            keys[i] = tags[i].getBytes(StandardCharsets.UTF_8);
            total += keys[i].length;
        }
        arena = new byte[total];
        starts = new int[tags.length + 1];
        ids = sensorIds.clone();
        int cap = Integer.highestOneBit(Math.max(4, tags.length * 2) - 1) << 1;
        slots = new int[cap];
        slotHashes = new int[cap];
        mask = cap - 1;
        for (int i = 0, at = 0; i < tags.length; i++) {
            System.arraycopy(keys[i], 0, arena, at, keys[i].length);
            starts[i] = at;
            at += keys[i].length;
            starts[i + 1] = at;
            int h = hash(keys[i], 0, keys[i].length);
            int slot = h & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = i + 1;
            slotHashes[slot] = h;
        }
    }

    /**
     * The position of the tag in {@code bytes[offset, offset+length)} in the configuration, trying
     * position {@code expected} first; {@link #NONE} when the tag is not configured.
     */
    public int indexOf(byte[] bytes, int offset, int length, int expected) {
        if (expected >= 0 && expected < ids.length && matches(expected, bytes, offset, length)) return expected;
        int h = hash(bytes, offset, length);
        for (int slot = h & mask, s; (s = slots[slot]) != 0; slot = (slot + 1) & mask) {
            if (slotHashes[slot] == h && matches(s - 1, bytes, offset, length)) return s - 1;
        }
        return NONE;
    }

    /** The sensor id of the tag at {@code index} (from {@link #indexOf}). */
    public int sensorId(int index) { return ids[index]; }

    /** The sensor id of {@code tag}, or {@link ReadingBatch#UNKNOWN_SENSOR}. */
    int find(String tag) {
        byte[] k = tag.getBytes(StandardCharsets.UTF_8);
        int i = indexOf(k, 0, k.length, NONE);
        return i == NONE ? ReadingBatch.UNKNOWN_SENSOR : ids[i];
    }

    private boolean matches(int index, byte[] bytes, int offset, int length) {
        int from = starts[index];
        return starts[index + 1] - from == length && Arrays.equals(arena, from, from + length, bytes, offset, offset + length);
    }

    /** FNV-1a. */
    private static int hash(byte[] b, int off, int len) {
        int h = 0x811c9dc5;
        for (int i = off; i < off + len; i++) h = (h ^ b[i]) * 0x01000193;
        return h;
    }
}
