package io.hazardgate;

import io.hazardgate.record.Bytes;
import io.hazardgate.record.BytesAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/**
 * A Netty buffer seen as {@link Bytes}: how a payload from the MQTT transport, and a record in the
 * transport's pooled memory, reach the domain without the domain knowing Netty. Every call goes
 * straight to the buffer, so wrapping costs one small object per message and nothing per reading.
 */
public final class NettyBytes implements Bytes {
    private final ByteBuf buf;

    public NettyBytes(ByteBuf buf) {
        this.buf = buf;
    }

    /** Records in {@code alloc}'s memory (the transport's pool). */
    public static BytesAllocator allocator(ByteBufAllocator alloc) {
        return initialCapacity -> new NettyBytes(alloc.buffer(initialCapacity));
    }

    /** The buffer behind it. */
    public ByteBuf unwrap() { return buf; }

    @Override public int readerIndex() { return buf.readerIndex(); }

    @Override public int writerIndex() { return buf.writerIndex(); }

    @Override public NettyBytes writerIndex(int index) { buf.writerIndex(index); return this; }

    @Override public int readableBytes() { return buf.readableBytes(); }

    @Override public NettyBytes ensureWritable(int length) { buf.ensureWritable(length); return this; }

    @Override public byte getByte(int index) { return buf.getByte(index); }

    @Override public int getUnsignedByte(int index) { return buf.getUnsignedByte(index); }

    @Override public int getUnsignedShort(int index) { return buf.getUnsignedShort(index); }

    @Override public int getInt(int index) { return buf.getInt(index); }

    @Override public long getLong(int index) { return buf.getLong(index); }

    @Override public double getDouble(int index) { return buf.getDouble(index); }

    @Override public String toString(int index, int length, Charset charset) { return buf.toString(index, length, charset); }

    @Override
    public NettyBytes getBytes(int index, byte[] dst, int dstIndex, int length) {
        buf.getBytes(index, dst, dstIndex, length);
        return this;
    }

    @Override public NettyBytes getBytes(int index, ByteBuffer dst) { buf.getBytes(index, dst); return this; }

    @Override public NettyBytes setByte(int index, int value) { buf.setByte(index, value); return this; }

    @Override public NettyBytes setInt(int index, int value) { buf.setInt(index, value); return this; }

    @Override public NettyBytes setLong(int index, long value) { buf.setLong(index, value); return this; }

    @Override public NettyBytes setDouble(int index, double value) { buf.setDouble(index, value); return this; }

    @Override
    public NettyBytes setBytes(int index, byte[] src, int srcIndex, int length) {
        buf.setBytes(index, src, srcIndex, length);
        return this;
    }

    @Override public NettyBytes writeByte(int value) { buf.writeByte(value); return this; }

    @Override public NettyBytes writeShort(int value) { buf.writeShort(value); return this; }

    @Override public NettyBytes writeInt(int value) { buf.writeInt(value); return this; }

    @Override public NettyBytes writeLong(long value) { buf.writeLong(value); return this; }

    @Override public NettyBytes writeDouble(double value) { buf.writeDouble(value); return this; }

    @Override public NettyBytes writeBytes(byte[] src) { buf.writeBytes(src); return this; }

    @Override public boolean hasArray() { return buf.hasArray(); }

    @Override public byte[] array() { return buf.array(); }

    @Override public int arrayOffset() { return buf.arrayOffset(); }

    @Override public NettyBytes retainedView() { return new NettyBytes(buf.retainedDuplicate()); }

    @Override public boolean release() { return buf.release(); }

    @Override public String toString() { return "NettyBytes(" + buf + ")"; }
}
