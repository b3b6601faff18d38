package io.hazardgate.record;

/** Where new records get their memory; the edge that owns the memory (the transport's pool) supplies it. */
@FunctionalInterface
public interface BytesAllocator {
    /** An empty buffer of at least {@code initialCapacity} bytes that grows as it is written. */
    Bytes buffer(int initialCapacity);

    /** Heap arrays, left to the garbage collector. */
    BytesAllocator HEAP = BufferBytes::allocate;
}
