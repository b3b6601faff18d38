package io.hazardgate.api.http;

import io.hazardgate.config.HttpSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's HTTP port: health, readiness, Prometheus metrics, the API, the live stream and the
 * dashboard. It runs on its own single event loop so that HTTP clients can never take time from MQTT
 * ingest. Pipeline, head to tail:
 * <ol>
 *   <li>{@code requestStarted}: the first byte of a request starts its header timeout;</li>
 *   <li>{@code http-codec}, {@code aggregator}: whole requests, bounded in size;</li>
 *   <li>{@code requestDone}: a whole request stops the header timeout;</li>
 *   <li>{@code idle}: nothing read or written for the idle timeout closes the connection;</li>
 *   <li>{@code router}: Host check, routes, streams, assets.</li>
 * </ol>
 */
public final class HttpApiServer implements AutoCloseable {
    /** Largest request body accepted; the API takes small JSON bodies only. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    public HttpApiServer(HttpSettings settings, HttpRoutes routes, MeterRegistry meters) throws InterruptedException {
        HttpRefusals refusals = new HttpRefusals(meters);
        Set<String> names = new HashSet<>(settings.allowedHosts());
        names.add(settings.host().toLowerCase(Locale.ROOT));
        HttpRouter router = new HttpRouter(routes, new HostCheck(names), refusals);
        long headerMillis = settings.headerTimeout().toMillis();
        long idleMillis = settings.idleTimeout().toMillis();
        try {
            channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            RequestDeadline deadline = new RequestDeadline(headerMillis, () -> refusals.count("header_timeout"));
                            ch.pipeline()
                                    .addLast("requestStarted", deadline.started())
                                    .addLast("http-codec", new HttpServerCodec())
                                    // whole requests: routes see a complete body, bounded in size
                                    .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast("requestDone", deadline.done())
                                    .addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                                    .addLast("idleClose", new IdleClose(() -> refusals.count("idle_timeout")))
                                    .addLast("router", router);
                        }
                    })
                    .bind(settings.host(), settings.port()).sync().channel();
        } catch (Throwable e) { // also the OS's checked bind failure, which Netty throws without declaring it
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() { return ((InetSocketAddress) channel.localAddress()).getPort(); }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
