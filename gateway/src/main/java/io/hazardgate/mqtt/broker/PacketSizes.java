package io.hazardgate.mqtt.broker;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;

/**
 * Encoded sizes of MQTT packets and properties, so the server can tell before writing whether a
 * PUBLISH fits the Maximum Packet Size a client declared (MQTT 5 §3.1.2.11.4, §1.5.5, §2.2.2).
 */
public final class PacketSizes {
    private PacketSizes() {}

    /** Bytes of a Variable Byte Integer (MQTT 5 §1.5.5). */
    public static int varIntBytes(long value) {
        if (value < 128) {
            return 1;
        }
        if (value < 16_384) {
            return 2;
        }
        return value < 2_097_152 ? 3 : 4;
    }

    /** Bytes of the properties as encoded (identifiers and values), without the length prefix. */
    public static int propertiesBytes(MqttProperties properties) {
        if (properties == null || properties.isEmpty()) {
            return 0;
        }
        int total = 0;
        for (MqttProperties.MqttProperty<?> p : properties.listAll()) {
            total += 1 + valueBytes(p);
        }
        return total;
    }

    private static int valueBytes(MqttProperties.MqttProperty<?> p) {
        if (p instanceof MqttProperties.UserProperties users) {
            // listAll() yields user properties as one entry holding every pair
            int n = 0;
            for (MqttProperties.StringPair pair : users.value()) {
                n += 2 + ByteBufUtil.utf8Bytes(pair.key) + 2 + ByteBufUtil.utf8Bytes(pair.value);
            }
            return n + (users.value().size() - 1); // each further pair repeats the identifier byte
        }
        if (p instanceof MqttProperties.UserProperty user) {
            return 2 + ByteBufUtil.utf8Bytes(user.value().key) + 2 + ByteBufUtil.utf8Bytes(user.value().value);
        }
        if (p instanceof MqttProperties.StringProperty s) {
            return 2 + ByteBufUtil.utf8Bytes(s.value());
        }
        if (p instanceof MqttProperties.BinaryProperty b) {
            return 2 + b.value().length;
        }
        MqttProperties.MqttPropertyType type = MqttProperties.MqttPropertyType.valueOf(p.propertyId());
        return switch (type) {
            case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION,
                 MAXIMUM_QOS, RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE,
                 SUBSCRIPTION_IDENTIFIER_AVAILABLE, SHARED_SUBSCRIPTION_AVAILABLE -> 1;
            case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS -> 2;
            case SUBSCRIPTION_IDENTIFIER -> varIntBytes(((Number) p.value()).longValue());
            default -> 4;
        };
    }

    /**
     * Whole PUBLISH packet size: fixed header, topic, packet id, properties with their length prefix
     * (MQTT 5 only) and payload.
     */
    public static long publishBytes(int topicBytes, int qos, boolean mqtt5, int propertiesBytes, int payloadBytes) {
        long remaining = 2L + topicBytes + (qos > 0 ? 2 : 0) + payloadBytes;
        if (mqtt5) {
            remaining += varIntBytes(propertiesBytes) + propertiesBytes;
        }
        return 1 + varIntBytes(remaining) + remaining;
    }
}
