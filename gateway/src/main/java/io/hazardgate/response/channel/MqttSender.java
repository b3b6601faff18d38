package io.hazardgate.response.channel;

import io.hazardgate.config.response.ChannelSettings;
import java.nio.charset.StandardCharsets;

/**
 * Notices as JSON on a topic of the gateway's own MQTT broker (QoS 1, not retained), for systems that
 * subscribe rather than take webhooks. Delivered means handed to the broker, which queues it for
 * subscribers with persistent sessions.
 */
public final class MqttSender implements Sender {
    /** Publishes on the gateway's broker: topic, payload, QoS, retain. */
    @FunctionalInterface
    public interface Publisher {
        void publish(String topic, byte[] payload, int qos, boolean retain);
    }

    private final ChannelSettings settings;
    private final Publisher publisher;

    public MqttSender(ChannelSettings settings, Publisher publisher) {
        this.settings = settings;
        this.publisher = publisher;
    }

    @Override
    public Delivery send(Envelope e) {
        String topic = settings.topic().replace("{recipient}", e.recipient());
        try {
            publisher.publish(topic, e.json().getBytes(StandardCharsets.UTF_8), 1, false);
            return Delivery.delivered("published on " + topic);
        } catch (RuntimeException ex) {
            return Delivery.retry("publish on " + topic + " failed: " + SmtpSender.oneLine(ex.toString()));
        }
    }
}
