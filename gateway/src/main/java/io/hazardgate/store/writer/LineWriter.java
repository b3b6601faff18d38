package io.hazardgate.store.writer;

import com.influxdb.client.domain.WritePrecision;

/** Sends one request of line protocol to the time-series store. Called from several threads at once. */
public interface LineWriter extends AutoCloseable {
    /** Writes {@code lines} (newline-separated) or throws; returns only once the store has accepted them. */
    void write(String lines, WritePrecision precision) throws StoreWriteException;

    @Override
    void close();
}
