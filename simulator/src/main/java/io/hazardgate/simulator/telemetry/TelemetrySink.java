package io.hazardgate.simulator.telemetry;

/**
 * Where a data logger's messages go: an MQTT connection, standard output in a dry run, a list in a
 * test. Scenario effects on the link (a logger going offline and uploading its buffer later, garbage
 * payloads) wrap a sink.
 */
public interface TelemetrySink {
    void send(TelemetryBatch batch);
}
