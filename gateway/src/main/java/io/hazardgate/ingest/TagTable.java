package io.hazardgate.ingest;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Maps a site's tags, given as UTF-8 bytes inside a buffer, to sensor ids without creating a String:
 * open addressing over a power-of-two table, keys kept as byte arrays. Immutable after construction,
 * so any thread may read it.
 */
final class TagTable {
    private final byte[][] keys;
    private final int[] ids;
    private final int[] hashes;
    private final int mask;

    TagTable(String[] tags, int[] sensorIds) {
        int cap = Integer.highestOneBit(Math.max(4, tags.length * 2) - 1) << 1;
        keys = new byte[cap][];
        ids = new int[cap];
        hashes = new int[cap];
        mask = cap - 1;
        for (int i = 0; i < tags.length; i++) {
            byte[] k = tags[i].getBytes(StandardCharsets.UTF_8);
            int h = hash(k, 0, k.length);
            int slot = h & mask;
            while (keys[slot] != null) slot = (slot + 1) & mask;
            keys[slot] = k;
            ids[slot] = sensorIds[i];
            hashes[slot] = h;
        }
    }

    /** The sensor id of the tag in {@code buf[offset, offset+length)}, or {@link ReadingBatch#UNKNOWN_SENSOR}. */
    int find(ByteBuf buf, int offset, int length) {
        int h = 0x811c9dc5;
        for (int i = 0; i < length; i++) h = (h ^ buf.getByte(offset + i)) * 0x01000193;
        int slot = h & mask;
        byte[] k;
        while ((k = keys[slot]) != null) {
            if (hashes[slot] == h && k.length == length && equal(k, buf, offset)) return ids[slot];
            slot = (slot + 1) & mask;
        }
        return ReadingBatch.UNKNOWN_SENSOR;
    }

    int find(String tag) {
        byte[] k = tag.getBytes(StandardCharsets.UTF_8);
        int h = hash(k, 0, k.length);
        int slot = h & mask;
        while (keys[slot] != null) {
            if (hashes[slot] == h && Arrays.equals(keys[slot], k)) return ids[slot];
            slot = (slot + 1) & mask;
        }
        return ReadingBatch.UNKNOWN_SENSOR;
    }

    private static boolean equal(byte[] k, ByteBuf buf, int offset) {
        for (int i = 0; i < k.length; i++) {
            if (k[i] != buf.getByte(offset + i)) return false;
        }
        return true;
    }

    /** FNV-1a, the same function {@link #find(ByteBuf, int, int)} computes inline. */
    private static int hash(byte[] b, int off, int len) {
        int h = 0x811c9dc5;
        for (int i = off; i < off + len; i++) h = (h ^ b[i]) * 0x01000193;
        return h;
    }
}
