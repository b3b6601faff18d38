package io.hazardgate.record;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/**
 * The bytes of a record (or of a payload on its way to becoming one), wherever they live: a pooled
 * buffer of the transport, a region of a log segment, an array. The domain reads and writes records
 * through this and never sees the transport's buffer type; the edge that owns the memory wraps it.
 * Indices are absolute, big-endian, as in the record layouts; {@link #readerIndex()} is where the
 * record starts and {@link #writerIndex()} where it ends.
 *
 * <p>Reference counted like the memory behind it: whoever keeps it past the call that handed it over
 * takes a {@link #retainedView()} and {@link #release()}s that when done. Not thread-safe for writing:
 * a record is written once, on one thread, before it is handed over, and only read after.
 */
public interface Bytes {
    int readerIndex();

    int writerIndex();

    Bytes writerIndex(int index);

    /** {@code writerIndex() - readerIndex()}. */
    int readableBytes();

    /** Makes room for {@code length} more bytes after the writer index, growing if it must. */
    Bytes ensureWritable(int length);

    byte getByte(int index);

    int getUnsignedByte(int index);

    int getUnsignedShort(int index);

    int getInt(int index);

    long getLong(int index);

    double getDouble(int index);

    /** Decodes {@code length} bytes at {@code index}. */
    String toString(int index, int length, Charset charset);

    Bytes getBytes(int index, byte[] dst, int dstIndex, int length);

    /** Fills {@code dst} from {@code index}. */
    default Bytes getBytes(int index, byte[] dst) {
        return getBytes(index, dst, 0, dst.length);
    }

    /** Copies bytes at {@code index} into {@code dst} until it is full (its position moves, not this one's). */
    Bytes getBytes(int index, ByteBuffer dst);

    Bytes setByte(int index, int value);

    Bytes setInt(int index, int value);

    Bytes setLong(int index, long value);

    Bytes setDouble(int index, double value);

    Bytes setBytes(int index, byte[] src, int srcIndex, int length);

    Bytes writeByte(int value);

    Bytes writeShort(int value);

    Bytes writeInt(int value);

    Bytes writeLong(long value);

    Bytes writeDouble(double value);

    Bytes writeBytes(byte[] src);

    /** Whether the bytes are in a heap array that {@link #array()} returns. */
    boolean hasArray();

    byte[] array();

    /** Where index 0 is in {@link #array()}. */
    int arrayOffset();

    /**
     * Another reference to the same memory for a holder that releases it on its own: one more
     * reference is counted, and the view's indices are its own, so holders on other threads never
     * share mutable state.
     */
    Bytes retainedView();

    /** Gives up one reference; true when this freed the memory. */
    boolean release();
}
