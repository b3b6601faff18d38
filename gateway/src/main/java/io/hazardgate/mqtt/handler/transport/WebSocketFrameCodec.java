package io.hazardgate.mqtt.handler.transport;

import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.hazardgate.mqtt.handler.MqttPacketDispatcher;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.util.List;

/**
 * MQTT over WebSocket (MQTT 3.1.1 §6, MQTT 5 §6): the bytes of binary frames (and their continuations)
 * are a stream of MQTT packets, which may span frames or share one; outbound bytes go out as binary
 * frames. A text frame is a protocol error that closes the connection (MQTT 5 §6.0.0-1).
 */
public final class WebSocketFrameCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {
    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
        out.add(new BinaryWebSocketFrame(bytes.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            out.add(frame.content().retain());
            return;
        }
        // ping, pong and close are answered by the protocol handler before this one; a text frame is left
        MqttConnection connection = ctx.channel().attr(MqttPacketDispatcher.CONNECTION).get();
        if (connection != null) {
            connection.services().disconnector().disconnect(connection, DisconnectReason.WEBSOCKET_PROTOCOL_ERROR,
                    "WebSocket text frame: MQTT travels in binary frames");
        } else {
            ctx.close();
        }
    }
}
