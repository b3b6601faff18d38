package io.hazardgate.store.writer;

import io.hazardgate.record.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An open-addressing map from a tag's UTF-8 bytes to its line prefix, looked up straight from the
 * bytes of a log record so that no string is made per reading. Keys live side by side in one array,
 * in the order they were added. A key looked up is copied out of its buffer once, hashed eight bytes
 * at a time and compared as arrays; a stored hash skips most comparisons. A lookup may name the entry
 * it expects: readings of a message usually follow the configuration's order, so the next reading's
 * tag is most often the entry after the previous one, found by one comparison without touching the
 * hash table. Fixed capacity: {@link #put} refuses once it is three-quarters full. Not thread-safe.
 */
final class TagTable {
    /** What {@link #indexOf} answers for a tag that is not in the table. */
    static final int NONE = -1;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Per slot: 1 + the index of its entry, 0 when empty. */
    private final int[] slots;
    private final int[] hashes;
    // entries in the order they were added
    private final int[] keyOffsets;
    private final int[] keyLengths;
    private final String[] values;
    private final int mask;
    private final int maxSize;
    private byte[] arena = new byte[256];
    private int arenaUsed;
    private int size;
    /** The tag being looked up, copied out of its buffer once rather than read from it byte by byte. */
    private byte[] probe = new byte[64];

    TagTable(int expected) {
        int cap = Integer.highestOneBit(Math.max(8, expected * 2) - 1) << 1;
        slots = new int[cap];
        hashes = new int[cap];
        mask = cap - 1;
        maxSize = cap / 4 * 3;
        keyOffsets = new int[maxSize];
        keyLengths = new int[maxSize];
        values = new String[maxSize];
    }

    /** The prefix of the tag in {@code buf[offset, offset+length)}, or null. */
    String get(Bytes buf, int offset, int length) {
        int i = indexOf(buf, offset, length, NONE);
        return i == NONE ? null : values[i];
    }

    /**
     * The entry of the tag in {@code buf[offset, offset+length)}, trying entry {@code expected} first;
     * {@link #NONE} when the tag is not in the table.
     */
    int indexOf(Bytes buf, int offset, int length, int expected) {
        if (probe.length < length) probe = new byte[Math.max(length, probe.length * 2)];
        buf.getBytes(offset, probe, 0, length);
        return indexOf(probe, length, expected);
    }

    private int indexOf(byte[] key, int length, int expected) {
        if (expected >= 0 && expected < size && matches(expected, key, length)) return expected;
        int h = hash(key, length);
        for (int i = h & mask, s; (s = slots[i]) != 0; i = (i + 1) & mask) {
            if (hashes[i] == h && matches(s - 1, key, length)) return s - 1;
        }
        return NONE;
    }

    /** The prefix of entry {@code index} (from {@link #indexOf}). */
    String value(int index) { return values[index]; }

    /** Adds a mapping; false if the table is full. */
    boolean put(byte[] key, String value) {
        int existing = indexOf(key, key.length, NONE);
        if (existing != NONE) {
            values[existing] = value;
            return true;
        }
        if (size >= maxSize) return false;
        int h = hash(key, key.length);
        int i = h & mask;
        while (slots[i] != 0) i = (i + 1) & mask;
        if (arenaUsed + key.length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + key.length));
        }
        System.arraycopy(key, 0, arena, arenaUsed, key.length);
        keyOffsets[size] = arenaUsed;
        keyLengths[size] = key.length;
        values[size] = value;
        arenaUsed += key.length;
        size++;
        slots[i] = size;
        hashes[i] = h;
        return true;
    }

    private boolean matches(int entry, byte[] key, int length) {
        int from = keyOffsets[entry];
        return keyLengths[entry] == length && Arrays.equals(arena, from, from + length, key, 0, length);
    }

    private static int hash(byte[] key, int length) {
        long h = length;
        int j = 0;
        for (; j + 8 <= length; j += 8) h = h * 0x9E3779B97F4A7C15L + (long) LONGS.get(key, j);
        for (; j < length; j++) h = h * 31 + key[j];
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
