package io.hazardgate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.record.LogState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The durable log's state drives the MQTT server's inbound pause. */
class LogBackpressureTest {
    @Test
    void pausesInboundWhileTheLogIsNotAcceptingAndResumesWhenItIs() {
        MqttServer mqtt = new MqttServer(MqttServerConfig.defaults(), new SimpleMeterRegistry());
        LogBackpressure backpressure = new LogBackpressure(mqtt);
        backpressure.accept(LogState.BUDGET_REACHED);
        assertTrue(mqtt.isInboundPaused());
        backpressure.accept(LogState.FAILING);
        assertTrue(mqtt.isInboundPaused());
        backpressure.accept(LogState.ACCEPTING);
        assertFalse(mqtt.isInboundPaused());
        mqtt.close();
    }
}
