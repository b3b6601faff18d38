package io.hazardgate.mqtt;

import io.hazardgate.mqtt.broker.MessageRouter;
import io.hazardgate.mqtt.broker.RetainedStore;
import io.hazardgate.mqtt.broker.SessionRegistry;
import io.hazardgate.mqtt.broker.SubscriptionTrie;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.Disconnector;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.hazardgate.mqtt.handler.MqttChannelInitializer;
import io.hazardgate.mqtt.handler.MqttPacketDispatcher;
import io.hazardgate.mqtt.metrics.MqttMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's MQTT 3.1.1 / 5.0 server over TCP, on Netty (native epoll where available, NIO
 * otherwise). Plant data loggers publish readings to it; control-room clients subscribe to alarms
 * through it; the gateway itself publishes through {@link #publisher()}.
 *
 * <pre>{@code
 * MqttServer server = new MqttServer(MqttServerConfig.defaults(), meterRegistry);
 * server.inboundPublishHandler(ingest);          // optional, before start
 * int port = server.start("127.0.0.1", 1883);    // 0 = any free port
 * server.publisher().publish("alarm/demo/TF1/GT-101", json, 1, false);
 * server.close();
 * }</pre>
 */
public final class MqttServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final MqttServerConfig config;
    private final MessageRouter router;
    private final SessionRegistry sessions;
    private final Disconnector disconnector = new Disconnector();
    private final BrokerServices services;
    private final ChannelGroup channels = new DefaultChannelGroup("mqtt-connections", GlobalEventExecutor.INSTANCE);
    private volatile InboundPublishHandler inboundHandler = InboundPublishHandler.NONE;
    private volatile SubscriptionAuthorizer authorizer = SubscriptionAuthorizer.ALLOW_ALL;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;

    public MqttServer(MqttServerConfig config, MeterRegistry meterRegistry) {
        this.config = Objects.requireNonNull(config, "config");
        MqttMetrics metrics = new MqttMetrics(Objects.requireNonNull(meterRegistry, "meterRegistry"));
        SubscriptionTrie trie = new SubscriptionTrie();
        this.router = new MessageRouter(trie, new RetainedStore(metrics), metrics);
        this.sessions = new SessionRegistry(trie, metrics, config.maxQueuedMessages(), config.maxQueuedBytes());
        this.services = new BrokerServices(config, metrics, sessions, router, disconnector,
                () -> inboundHandler, () -> authorizer);
    }

    /** Where inbound PUBLISH packets go first (ingest); {@link InboundPublishHandler#NONE} by default. */
    public void inboundPublishHandler(InboundPublishHandler handler) {
        this.inboundHandler = Objects.requireNonNull(handler, "handler");
    }

    /** Who may subscribe to what; everyone to everything by default. */
    public void subscriptionAuthorizer(SubscriptionAuthorizer subscriptionAuthorizer) {
        this.authorizer = Objects.requireNonNull(subscriptionAuthorizer, "subscriptionAuthorizer");
    }

    /** Publishes to subscribers from inside the gateway; usable before {@link #start} and from any thread. */
    public MessagePublisher publisher() { return router; }

    public MqttServerConfig config() { return config; }

    /**
     * Binds and starts accepting connections.
     *
     * @param port 0 for any free port
     * @return the port actually bound
     * @throws IllegalStateException when already started or the address cannot be bound
     */
    public synchronized int start(String host, int port) {
        if (serverChannel != null) {
            throw new IllegalStateException("MQTT server already started on " + serverChannel.localAddress());
        }
        NettyTransport transport = NettyTransport.best();
        bossGroup = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), transport.ioHandlerFactory());
        try {
            serverChannel = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new MqttChannelInitializer(services, channels))
                    .bind(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownGroups();
            throw new IllegalStateException("cannot bind MQTT listener to " + host + ":" + port + ": " + e.getMessage(), e);
        }
        int bound = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("MQTT server listening on {}:{} ({} transport)", host, bound, transport.name());
        return bound;
    }

    /** The bound port, or -1 before {@link #start}. */
    public synchronized int port() {
        return serverChannel == null ? -1 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Stops accepting, tells connected MQTT 5 clients the server is shutting down (reason 0x8B), closes
     * every connection and stops the event loops. Waits at most a few seconds.
     */
    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (Channel channel : channels) {
            MqttConnection connection = channel.attr(MqttPacketDispatcher.CONNECTION).get();
            if (connection != null) {
                disconnector.disconnect(connection, DisconnectReason.SERVER_SHUTTING_DOWN, "server shutting down");
            } else {
                channel.close();
            }
        }
        channels.newCloseFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        shutdownGroups();
        serverChannel = null;
        log.info("MQTT server stopped");
    }

    private void shutdownGroups() {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            workerGroup.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        if (bossGroup != null) {
            bossGroup.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
