package io.hazardgate.store.writer;

/** Sends one request of line protocol to the time-series store. Called from several threads at once. */
public interface LineWriter extends AutoCloseable {
    /**
     * Writes {@code lines[0, length)} (UTF-8, newline-separated) or throws; returns only once the store
     * has accepted them. The array is the caller's again when this returns.
     */
    void write(byte[] lines, int length, Precision precision) throws StoreWriteException;

    @Override
    void close();
}
