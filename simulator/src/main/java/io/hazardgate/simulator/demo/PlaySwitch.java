package io.hazardgate.simulator.demo;

import io.hazardgate.simulator.inject.PointEffect;
import io.hazardgate.simulator.scenario.play.ScenarioPlay;
import io.hazardgate.simulator.telemetry.Reading;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.telemetry.TelemetrySink;

/**
 * Stands between the plant and its uplink for a run of several scenarios: hands each reading and message
 * to the scenario being played, or straight on between scenarios. Used on the plant's player thread.
 */
final class PlaySwitch implements PointEffect, TelemetrySink {
    private final TelemetrySink uplink;
    private ScenarioPlay current;

    PlaySwitch(TelemetrySink uplink) {
        this.uplink = uplink;
    }

    /** @param play the scenario now playing, or {@code null} for a calm plant */
    void play(ScenarioPlay play) {
        this.current = play;
    }

    @Override
    public Reading apply(String site, Reading normal, long plantMillis) {
        ScenarioPlay p = current;
        return p == null ? normal : p.apply(site, normal, plantMillis);
    }

    @Override
    public void send(TelemetryBatch batch) {
        ScenarioPlay p = current;
        if (p == null) uplink.send(batch);
        else p.send(batch);
    }

    @Override
    public void sendRaw(String site, String device, byte[] payload) {
        uplink.sendRaw(site, device, payload);
    }
}
