package io.hazardgate.store.writer;

/** Sends one request of line protocol to the time-series store. Called from several threads at once. */
public interface LineWriter extends AutoCloseable {
    /**
     * Writes {@code lines[from, to)} (newline-separated) or throws; returns only once the store has
     * accepted them. The text is the caller's again when this returns.
     */
    void write(CharSequence lines, int from, int to, Precision precision) throws StoreWriteException;

    @Override
    void close();
}
