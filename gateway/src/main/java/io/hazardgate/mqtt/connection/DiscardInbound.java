package io.hazardgate.mqtt.connection;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * Put first in the pipeline of a connection the server is closing: whatever the client still sends is
 * read and thrown away. A socket closed with unread input answers with a TCP reset, and a reset makes
 * the client's TCP stack drop what the server sent last and the client has not read yet: the DISCONNECT
 * or refusing CONNACK that says why.
 */
@ChannelHandler.Sharable
final class DiscardInbound extends ChannelInboundHandlerAdapter {
    static final String NAME = "discardInbound";
    static final DiscardInbound INSTANCE = new DiscardInbound();

    private DiscardInbound() {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // nothing read reaches the MQTT handlers any more
    }
}
