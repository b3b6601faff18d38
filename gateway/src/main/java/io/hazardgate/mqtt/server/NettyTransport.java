package io.hazardgate.mqtt.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Native epoll when the platform has it (Linux x86-64 here), NIO otherwise. */
record NettyTransport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel) {

    static NettyTransport best() {
        return Epoll.isAvailable()
                ? new NettyTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class)
                : nio();
    }

    static NettyTransport nio() {
        return new NettyTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }
}
