package io.hazardgate.mqtt.connection;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;

/** Reading MQTT 5 properties from decoded packets. */
public final class Mqtt5Properties {
    /** MQTT 5 §3.3.2.3: properties the server forwards unaltered from publisher to subscribers. */
    private static final MqttPropertyType[] FORWARDED = {
        MqttPropertyType.PAYLOAD_FORMAT_INDICATOR, MqttPropertyType.CONTENT_TYPE,
        MqttPropertyType.RESPONSE_TOPIC, MqttPropertyType.CORRELATION_DATA, MqttPropertyType.USER_PROPERTY,
    };

    private Mqtt5Properties() {}

    /** An integer property's value, or {@code absent}. */
    public static long integer(MqttProperties properties, MqttPropertyType type, long absent) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        return property == null ? absent : ((Number) property.value()).longValue() & 0xFFFF_FFFFL;
    }

    public static boolean has(MqttProperties properties, MqttPropertyType type) {
        return properties.getProperty(type.value()) != null;
    }

    /** A modifiable copy of the forwarded properties, to add per-delivery ones to. */
    public static MqttProperties copy(MqttProperties properties) {
        MqttProperties out = new MqttProperties();
        if (properties != null && !properties.isEmpty()) {
            for (MqttPropertyType type : FORWARDED) {
                for (MqttProperties.MqttProperty<?> p : properties.getProperties(type.value())) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** A reason string property set, or the shared empty one when there is no reason. */
    public static MqttProperties reasonString(String reason) {
        if (reason == null) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.StringProperty(MqttPropertyType.REASON_STRING.value(), reason));
        return p;
    }

    /** The subset subscribers receive; the shared empty instance when there is none (no allocation). */
    public static MqttProperties forwarded(MqttProperties properties) {
        if (properties == null || properties.isEmpty()) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties out = null;
        for (MqttPropertyType type : FORWARDED) {
            for (MqttProperties.MqttProperty<?> p : properties.getProperties(type.value())) {
                if (out == null) {
                    out = new MqttProperties();
                }
                out.add(p);
            }
        }
        return out == null ? MqttProperties.NO_PROPERTIES : out;
    }
}
