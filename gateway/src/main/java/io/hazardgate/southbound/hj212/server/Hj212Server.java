package io.hazardgate.southbound.hj212.server;

import io.hazardgate.config.Hj212Settings;
import io.hazardgate.southbound.hj212.Hj212Ingest;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HJ 212-2017 TCP listener. Pipeline, in order: the connection limit (first, so a refused
 * connection costs nothing more); the idle timeout; the frame decoder (limits a packet's length before
 * buffering it, and the time a packet may take); the handler (accounts, ingest, answers). One event
 * loop thread of its own, so loggers never take time from MQTT.
 */
public final class Hj212Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hj212Server.class);

    private final Hj212Settings settings;
    private final Hj212Ingest ingest;
    private final AtomicInteger open = new AtomicInteger();
    private EventLoopGroup group;
    private Channel server;

    public Hj212Server(Hj212Settings settings, Hj212Ingest ingest) {
        this.settings = settings;
        this.ingest = ingest;
    }

    /** Binds; returns the port (the bound one when configured as 0). */
    public int start() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // answers are small: 64 KB unread by a logger is one that does not read them
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("limit", new ConnectionLimit())
                                .addLast("idle", new IdleStateHandler(settings.idleTimeout().toNanos(), 0, 0, TimeUnit.NANOSECONDS))
                                .addLast("frames", new Hj212FrameDecoder(settings.maxDataLength(), settings.frameTimeout().toNanos(),
                                        ingest.metrics()))
                                .addLast("packets", new Hj212Handler(ingest));
                    }
                });
        server = b.bind(settings.listener().host(), settings.listener().port()).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        log.info("HJ 212 listener on {}:{}", settings.listener().host(), port);
        return port;
    }

    public int port() { return ((InetSocketAddress) server.localAddress()).getPort(); }

    /** Refuses a connection beyond the limit at once. */
    private final class ConnectionLimit extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (open.incrementAndGet() > settings.maxConnections()) {
                ingest.metrics().connectionsRefused.increment();
                log.debug("HJ 212 connection from {} refused: {} open", ctx.channel().remoteAddress(), settings.maxConnections());
                ctx.close();
                return;
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            open.decrementAndGet();
            super.channelInactive(ctx);
        }
    }

    @Override
    public void close() {
        if (server != null) server.close().awaitUninterruptibly();
        if (group != null) group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
