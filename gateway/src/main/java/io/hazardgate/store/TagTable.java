package io.hazardgate.store;

import io.netty.buffer.ByteBuf;

/**
 * An open-addressing map from a tag's UTF-8 bytes to its line prefix, looked up straight from the
 * bytes of a log record so that no string is made per reading. Fixed capacity; {@link #put} refuses
 * once it is three-quarters full.
 */
final class TagTable {
    private final byte[][] keys;
    private final String[] values;
    private final int mask;
    private final int maxSize;
    private int size;

    TagTable(int expected) {
        int cap = Integer.highestOneBit(Math.max(8, expected * 2) - 1) << 1;
        keys = new byte[cap][];
        values = new String[cap];
        mask = cap - 1;
        maxSize = cap / 4 * 3;
    }

    String get(ByteBuf buf, int offset, int length) {
        int i = hash(buf, offset, length) & mask;
        while (true) {
            byte[] k = keys[i];
            if (k == null) return null;
            if (k.length == length && equal(k, buf, offset)) return values[i];
            i = (i + 1) & mask;
        }
    }

    /** Adds a mapping; false if the table is full. */
    boolean put(byte[] key, String value) {
        if (size >= maxSize) return false;
        int h = 1;
        for (byte b : key) h = 31 * h + b;
        int i = mix(h) & mask;
        while (keys[i] != null) {
            if (java.util.Arrays.equals(keys[i], key)) {
                values[i] = value;
                return true;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return true;
    }

    private static int hash(ByteBuf buf, int offset, int length) {
        int h = 1;
        for (int j = 0; j < length; j++) h = 31 * h + buf.getByte(offset + j);
        return mix(h);
    }

    private static int mix(int h) { return h ^ (h >>> 16); }

    private static boolean equal(byte[] k, ByteBuf buf, int offset) {
        for (int j = 0; j < k.length; j++) {
            if (k[j] != buf.getByte(offset + j)) return false;
        }
        return true;
    }
}
