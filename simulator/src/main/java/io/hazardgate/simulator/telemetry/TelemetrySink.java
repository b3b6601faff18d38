package io.hazardgate.simulator.telemetry;

/**
 * Where a data logger's messages go: an MQTT connection, standard output in a dry run, a list in a
 * test. Scenario incidents on the link (a logger going offline and uploading its buffer later, garbage
 * payloads) wrap a sink.
 */
public interface TelemetrySink {
    void send(TelemetryBatch batch);

    /**
     * Sends a message the logger kept while its link was down, after the link is back (store-and-forward):
     * late by design, so it holds back nothing that waits for messages sent in their time (a lock-step
     * gateway clock).
     */
    default void upload(TelemetryBatch batch) {
        send(batch);
    }

    /**
     * Sends a payload as it is on the device's telemetry topic: a scenario's garbage, which a valid
     * encoder could never produce.
     */
    default void sendRaw(String site, String device, byte[] payload) {
        throw new UnsupportedOperationException("this sink sends telemetry only");
    }
}
