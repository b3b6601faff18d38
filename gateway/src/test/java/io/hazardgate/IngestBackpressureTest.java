package io.hazardgate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.record.LogState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The durable log's state and the alarm shards' backlog drive the MQTT server's inbound pause. */
class IngestBackpressureTest {
    @Test
    void pausesInboundWhileTheLogIsNotAcceptingAndResumesWhenItIs() {
        MqttServer mqtt = new MqttServer(MqttServerConfig.defaults(), new SimpleMeterRegistry());
        IngestBackpressure backpressure = new IngestBackpressure(mqtt, () -> false);
        backpressure.accept(LogState.BUDGET_REACHED);
        assertTrue(mqtt.isInboundPaused());
        backpressure.accept(LogState.FAILING);
        assertTrue(mqtt.isInboundPaused());
        backpressure.accept(LogState.ACCEPTING);
        assertFalse(mqtt.isInboundPaused());
        mqtt.close();
    }

    @Test
    void staysPausedUntilBothTheLogAndTheAlarmShardsCanTakeMore() {
        MqttServer mqtt = new MqttServer(MqttServerConfig.defaults(), new SimpleMeterRegistry());
        AtomicBoolean behind = new AtomicBoolean(true);
        IngestBackpressure backpressure = new IngestBackpressure(mqtt, behind::get);
        backpressure.refresh();
        assertTrue(mqtt.isInboundPaused());
        backpressure.accept(LogState.BUDGET_REACHED);
        behind.set(false);
        backpressure.refresh();
        assertTrue(mqtt.isInboundPaused(), "the log still holds publishers back");
        backpressure.accept(LogState.ACCEPTING);
        assertFalse(mqtt.isInboundPaused());
        mqtt.close();
    }
}
