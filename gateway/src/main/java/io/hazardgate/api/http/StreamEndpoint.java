package io.hazardgate.api.http;

import io.netty.channel.ChannelHandlerContext;

/** An endpoint that keeps the connection open and writes to it (Server-Sent Events). */
@FunctionalInterface
public interface StreamEndpoint {
    /** Takes over the connection: writes the response head and keeps streaming on the channel's event loop. */
    void open(ChannelHandlerContext ctx, ApiRequest request);
}
