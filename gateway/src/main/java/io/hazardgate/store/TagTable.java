package io.hazardgate.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * An open-addressing map from a tag's UTF-8 bytes to its line prefix, looked up straight from the
 * bytes of a log record so that no string is made per reading. Keys live side by side in one array
 * and are hashed and compared eight bytes at a time; a stored hash skips most comparisons. Fixed
 * capacity: {@link #put} refuses once it is three-quarters full. Not thread-safe for writers.
 */
final class TagTable {
    private final int[] hashes;
    private final int[] keyOffsets;
    private final int[] keyLengths;
    private final String[] values;
    private final int mask;
    private final int maxSize;
    private byte[] arena = new byte[256];
    private ByteBuf arenaBuf = Unpooled.wrappedBuffer(arena);
    private int arenaUsed;
    private int size;

    TagTable(int expected) {
        int cap = Integer.highestOneBit(Math.max(8, expected * 2) - 1) << 1;
        hashes = new int[cap];
        keyOffsets = new int[cap];
        keyLengths = new int[cap];
        values = new String[cap];
        mask = cap - 1;
        maxSize = cap / 4 * 3;
    }

    String get(ByteBuf buf, int offset, int length) {
        int h = hash(buf, offset, length);
        for (int i = h & mask; ; i = (i + 1) & mask) {
            String v = values[i];
            if (v == null) return null;
            if (hashes[i] == h && keyLengths[i] == length
                    && ByteBufUtil.equals(arenaBuf, keyOffsets[i], buf, offset, length)) {
                return v;
            }
        }
    }

    /** Adds a mapping; false if the table is full. */
    boolean put(byte[] key, String value) {
        ByteBuf k = Unpooled.wrappedBuffer(key);
        int h = hash(k, 0, key.length);
        int i = h & mask;
        for (; values[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && keyLengths[i] == key.length && ByteBufUtil.equals(arenaBuf, keyOffsets[i], k, 0, key.length)) {
                values[i] = value;
                return true;
            }
        }
        if (size >= maxSize) return false;
        if (arenaUsed + key.length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + key.length));
            arenaBuf = Unpooled.wrappedBuffer(arena);
        }
        System.arraycopy(key, 0, arena, arenaUsed, key.length);
        hashes[i] = h;
        keyOffsets[i] = arenaUsed;
        keyLengths[i] = key.length;
        values[i] = value;
        arenaUsed += key.length;
        size++;
        return true;
    }

    private static int hash(ByteBuf buf, int offset, int length) {
        long h = length;
        int j = 0;
        for (; j + 8 <= length; j += 8) h = h * 0x9E3779B97F4A7C15L + buf.getLong(offset + j);
        for (; j < length; j++) h = h * 31 + buf.getByte(offset + j);
        h *= 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
