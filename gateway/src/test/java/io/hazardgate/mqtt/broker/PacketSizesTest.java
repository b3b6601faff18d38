package io.hazardgate.mqtt.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The size computed for the Maximum Packet Size check is the size Netty's encoder writes. */
class PacketSizesTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 16_000, 20_000, 3_000_000})
    void computedPublishSizeIsTheEncodedSize(int payloadBytes) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.CONTENT_TYPE.value(), "application/json"));
        p.add(new MqttProperties.UserProperty("site", "demo"));
        p.add(new MqttProperties.UserProperty("k", "v"));
        p.add(new MqttProperties.BinaryProperty(MqttProperties.MqttPropertyType.CORRELATION_DATA.value(), new byte[] {1, 2}));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), 1));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), 300));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(), 60));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.TOPIC_ALIAS.value(), 3));
        String topic = "alarm/demo/TF1/GT-101";
        MqttPublishMessage publish = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(topic, 7, p), Unpooled.wrappedBuffer(new byte[payloadBytes]));
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);
        // the encoder writes MQTT 5 properties once the channel has seen a v5 CONNECT
        channel.writeInbound(encodeConnect5());
        Object connect = channel.readInbound();
        io.netty.util.ReferenceCountUtil.release(connect);
        channel.writeOutbound(publish);
        ByteBuf encoded = Unpooled.buffer();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            encoded.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        long computed = PacketSizes.publishBytes(topic.length(), 1, true, PacketSizes.propertiesBytes(p), payloadBytes);
        assertEquals(encoded.readableBytes(), computed);
        encoded.release();
        channel.finishAndReleaseAll();
    }

    private static ByteBuf encodeConnect5() {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(MqttMessageBuilders.connect().clientId("c").protocolVersion(MqttVersion.MQTT_5).build());
        ByteBuf out = encoder.readOutbound();
        encoder.finishAndReleaseAll();
        return out;
    }
}
