package io.hazardgate.simulator.plant;

import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.telemetry.TelemetryJson;
import io.hazardgate.simulator.telemetry.TelemetrySink;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Writes each message as {@code topic payload} on one line: a dry run, or a view of what is sent. */
public final class PrintingSink implements TelemetrySink {
    private final PrintStream out;
    private final TelemetrySink next;

    /** @param next where messages go after being printed, or {@code null} */
    public PrintingSink(PrintStream out, TelemetrySink next) {
        this.out = out;
        this.next = next;
    }

    @Override
    public void send(TelemetryBatch batch) {
        out.println(batch.topic() + " " + TelemetryJson.toString(batch));
        if (next != null) next.send(batch);
    }

    @Override
    public void sendRaw(String site, String device, byte[] payload) {
        out.println(TelemetryBatch.topic(site, device) + " " + new String(payload, StandardCharsets.UTF_8));
        if (next != null) next.sendRaw(site, device, payload);
    }
}
