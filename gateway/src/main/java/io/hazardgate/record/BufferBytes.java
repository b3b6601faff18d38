package io.hazardgate.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;

/**
 * {@link Bytes} over a {@link ByteBuffer}: a growable heap buffer, an array, or a view of memory owned
 * elsewhere (a mapped or direct region of a log segment). The memory is the garbage collector's, so
 * {@link #retainedView()} and {@link #release()} count nothing.
 */
public final class BufferBytes implements Bytes {
    private ByteBuffer buf;
    private final boolean growable;
    private int readerIndex;
    private int writerIndex;

    private BufferBytes(ByteBuffer buf, boolean growable, int readerIndex, int writerIndex) {
        this.buf = buf;
        this.growable = growable;
        this.readerIndex = readerIndex;
        this.writerIndex = writerIndex;
    }

    /** An empty heap buffer that grows as it is written. */
    public static BufferBytes allocate(int initialCapacity) {
        return new BufferBytes(ByteBuffer.allocate(Math.max(16, initialCapacity)), true, 0, 0);
    }

    /** The whole array, readable. */
    public static BufferBytes wrap(byte[] array) {
        return new BufferBytes(ByteBuffer.wrap(array), false, 0, array.length);
    }

    /**
     * A view of {@code buffer} from its index 0 (not its position): readable from its position to its
     * limit, and as long as the caller keeps the buffer, which it does not copy.
     */
    public static BufferBytes wrap(ByteBuffer buffer) {
        return new BufferBytes(buffer.duplicate().order(ByteOrder.BIG_ENDIAN), false, buffer.position(), buffer.limit());
    }

    /** Empties the buffer for reuse (both indices to 0). */
    public BufferBytes clear() {
        readerIndex = 0;
        writerIndex = 0;
        return this;
    }

    /** The readable bytes as a {@link ByteBuffer} view (shared content, its own position). */
    public ByteBuffer nioBuffer() {
        return buf.duplicate().limit(writerIndex).position(readerIndex);
    }

    @Override public int readerIndex() { return readerIndex; }

    @Override public int writerIndex() { return writerIndex; }

    @Override
    public BufferBytes writerIndex(int index) {
        if (index < readerIndex || index > buf.capacity()) throw new IndexOutOfBoundsException("writerIndex " + index);
        writerIndex = index;
        return this;
    }

    @Override public int readableBytes() { return writerIndex - readerIndex; }

    @Override
    public BufferBytes ensureWritable(int length) {
        int needed = writerIndex + length;
        if (needed <= buf.capacity()) return this;
        if (!growable) throw new IndexOutOfBoundsException("needs " + needed + " bytes, has " + buf.capacity());
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(needed, buf.capacity() * 2));
        bigger.put(0, buf, 0, writerIndex);
        buf = bigger;
        return this;
    }

    @Override public byte getByte(int index) { return buf.get(index); }

    @Override public int getUnsignedByte(int index) { return Byte.toUnsignedInt(buf.get(index)); }

    @Override public int getUnsignedShort(int index) { return Short.toUnsignedInt(buf.getShort(index)); }

    @Override public int getInt(int index) { return buf.getInt(index); }

    @Override public long getLong(int index) { return buf.getLong(index); }

    @Override public double getDouble(int index) { return buf.getDouble(index); }

    @Override
    public String toString(int index, int length, Charset charset) {
        if (buf.hasArray()) return new String(buf.array(), buf.arrayOffset() + index, length, charset);
        byte[] b = new byte[length];
        buf.get(index, b, 0, length);
        return new String(b, charset);
    }

    @Override
    public BufferBytes getBytes(int index, byte[] dst, int dstIndex, int length) {
        buf.get(index, dst, dstIndex, length);
        return this;
    }

    @Override
    public BufferBytes getBytes(int index, ByteBuffer dst) {
        int n = dst.remaining();
        dst.put(dst.position(), buf, index, n);
        dst.position(dst.position() + n);
        return this;
    }

    @Override public BufferBytes setByte(int index, int value) { buf.put(index, (byte) value); return this; }

    @Override public BufferBytes setInt(int index, int value) { buf.putInt(index, value); return this; }

    @Override public BufferBytes setLong(int index, long value) { buf.putLong(index, value); return this; }

    @Override public BufferBytes setDouble(int index, double value) { buf.putDouble(index, value); return this; }

    @Override
    public BufferBytes setBytes(int index, byte[] src, int srcIndex, int length) {
        buf.put(index, src, srcIndex, length);
        return this;
    }

    @Override
    public BufferBytes writeByte(int value) {
        ensureWritable(1);
        buf.put(writerIndex, (byte) value);
        writerIndex += 1;
        return this;
    }

    @Override
    public BufferBytes writeShort(int value) {
        ensureWritable(2);
        buf.putShort(writerIndex, (short) value);
        writerIndex += 2;
        return this;
    }

    @Override
    public BufferBytes writeInt(int value) {
        ensureWritable(4);
        buf.putInt(writerIndex, value);
        writerIndex += 4;
        return this;
    }

    @Override
    public BufferBytes writeLong(long value) {
        ensureWritable(8);
        buf.putLong(writerIndex, value);
        writerIndex += 8;
        return this;
    }

    @Override
    public BufferBytes writeDouble(double value) {
        ensureWritable(8);
        buf.putDouble(writerIndex, value);
        writerIndex += 8;
        return this;
    }

    @Override
    public BufferBytes writeBytes(byte[] src) {
        ensureWritable(src.length);
        buf.put(writerIndex, src, 0, src.length);
        writerIndex += src.length;
        return this;
    }

    @Override public boolean hasArray() { return buf.hasArray(); }

    @Override public byte[] array() { return buf.array(); }

    @Override public int arrayOffset() { return buf.arrayOffset(); }

    @Override public BufferBytes retainedView() { return new BufferBytes(buf, false, readerIndex, writerIndex); }

    @Override public boolean release() { return false; }

    @Override
    public String toString() {
        return "BufferBytes(" + readerIndex + ".." + writerIndex + " of " + buf.capacity() + ")";
    }
}
