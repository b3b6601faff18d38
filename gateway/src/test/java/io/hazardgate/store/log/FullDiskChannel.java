package io.hazardgate.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A segment file whose writes fail the way a full disk fails them (ENOSPC after writing part of the
 * buffer) while {@code full} is set. A real full disk cannot be produced safely in a test.
 */
final class FullDiskChannel extends FileChannel {
    private final FileChannel delegate;
    private final AtomicBoolean full;

    FullDiskChannel(FileChannel delegate, AtomicBoolean full) {
        this.delegate = delegate;
        this.full = full;
    }

    private int failAfterPart(ByteBuffer src, long position) throws IOException {
        if (src.remaining() > 1) {
            // Part of the buffer reaches the file before the device fills, as on a real disk.
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + src.remaining() / 2);
            delegate.write(part, position);
        }
        throw new IOException("No space left on device");
    }

    @Override public int write(ByteBuffer src, long position) throws IOException {
        if (full.get()) return failAfterPart(src, position);
        return delegate.write(src, position);
    }

    @Override public int write(ByteBuffer src) throws IOException {
        if (full.get()) throw new IOException("No space left on device");
        return delegate.write(src);
    }

    @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        if (full.get()) throw new IOException("No space left on device");
        return delegate.write(srcs, offset, length);
    }

    @Override public int read(ByteBuffer dst) throws IOException { return delegate.read(dst); }
    @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return delegate.read(dsts, offset, length); }
    @Override public int read(ByteBuffer dst, long position) throws IOException { return delegate.read(dst, position); }
    @Override public long position() throws IOException { return delegate.position(); }
    @Override public FileChannel position(long newPosition) throws IOException { delegate.position(newPosition); return this; }
    @Override public long size() throws IOException { return delegate.size(); }
    @Override public FileChannel truncate(long size) throws IOException { delegate.truncate(size); return this; }
    @Override public void force(boolean metaData) throws IOException { delegate.force(metaData); }
    @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException { return delegate.transferTo(position, count, target); }
    @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException { return delegate.transferFrom(src, position, count); }
    @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return delegate.map(mode, position, size); }
    @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return delegate.lock(position, size, shared); }
    @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return delegate.tryLock(position, size, shared); }
    @Override protected void implCloseChannel() throws IOException { delegate.close(); }
}
