package io.hazardgate.record;


/** Where decoded readings go for alarm evaluation. Implemented by the alarm engine. */
public interface ReadingSink {
    /**
     * Hands over a {@link ReadingBatch} record without blocking. The sink retains what it keeps; the
     * caller still owns its reference.
     *
     * @param shardMask bit {@code s} set when shard {@code s} owns a sensor of the record
     * @return false when the engine cannot take more work right now (the message must be refused, not
     *     half-applied)
     */
    boolean offer(Bytes record, long shardMask);
}
