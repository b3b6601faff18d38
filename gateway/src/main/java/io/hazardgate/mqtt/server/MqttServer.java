package io.hazardgate.mqtt.server;

import io.hazardgate.mqtt.InboundPublishHandler;
import io.hazardgate.mqtt.MessagePublisher;
import io.hazardgate.mqtt.MqttListener;
import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.SubscriptionAuthorizer;
import io.hazardgate.mqtt.auth.AccessPolicy;
import io.hazardgate.mqtt.auth.Authenticator;
import io.hazardgate.mqtt.broker.SessionJournal;
import io.hazardgate.mqtt.persist.SessionStore;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.hazardgate.mqtt.handler.MqttPacketDispatcher;
import io.hazardgate.mqtt.handler.transport.TlsContexts;
import io.hazardgate.mqtt.metrics.MqttMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's MQTT 3.1.1 / 5.0 server on Netty (native epoll where available, NIO otherwise), over
 * TCP, TLS and WebSocket listeners. Plant data loggers publish readings to it; control-room clients
 * subscribe to alarms through it; the gateway itself publishes through {@link #publisher()}.
 *
 * <pre>{@code
 * MqttServer server = new MqttServer(MqttServerConfig.defaults(), meterRegistry);
 * server.inboundPublishHandler(ingest);          // optional, before start
 * server.security(users, new RoleAccessPolicy()); // optional; anonymous administrators otherwise
 * List<BoundListener> bound = server.start(List.of(MqttListener.tcp("127.0.0.1", 1883, true)));
 * server.publisher().publish("alarm/demo/TF1/GT-101", json, 1, false);
 * server.pauseInbound("disk budget reached");     // and resumeInbound()
 * server.close();
 * }</pre>
 */
public final class MqttServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttServer.class);
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

    private final MqttServerConfig config;
    private final MqttMetrics metrics;
    private final BrokerServices.Hooks hooks = new BrokerServices.Hooks();
    private final BrokerServices services;
    private final ChannelGroup channels = new DefaultChannelGroup("mqtt-connections", GlobalEventExecutor.INSTANCE);
    private final List<Channel> serverChannels = new ArrayList<>();
    private final List<BoundListener> bound = new ArrayList<>();
    private final SessionStore sessionStore;
    private final LongSupplier nanoClock;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;

    public MqttServer(MqttServerConfig config, MeterRegistry meterRegistry) {
        this(config, meterRegistry, System::nanoTime);
    }

    /** @param nanoClock the clock of message expiry and throttles, for tests */
    public MqttServer(MqttServerConfig config, MeterRegistry meterRegistry, LongSupplier nanoClock) {
        this(config, meterRegistry, nanoClock, null);
    }

    /**
     * @param sessionStore where persistent sessions and retained messages are kept across restarts (put
     *                     back by {@link #restoreSessions()}); null to keep them in memory only
     */
    public MqttServer(MqttServerConfig config, MeterRegistry meterRegistry, LongSupplier nanoClock,
            SessionStore sessionStore) {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = new MqttMetrics(Objects.requireNonNull(meterRegistry, "meterRegistry"));
        this.sessionStore = sessionStore;
        this.nanoClock = nanoClock;
        this.services = BrokerServices.create(config, metrics, hooks, nanoClock,
                sessionStore == null ? SessionJournal.NONE : sessionStore);
        metrics.inboundPaused(() -> services.inboundGate().isPaused() ? 1 : 0);
    }

    /** Where inbound PUBLISH packets go first (ingest); {@link InboundPublishHandler#NONE} by default. */
    public void inboundPublishHandler(InboundPublishHandler handler) {
        hooks.inboundHandler.set(Objects.requireNonNull(handler, "handler"));
    }

    /** An extra check on subscriptions, on top of the access policy; everyone to everything by default. */
    public void subscriptionAuthorizer(SubscriptionAuthorizer subscriptionAuthorizer) {
        hooks.subscriptionAuthorizer.set(Objects.requireNonNull(subscriptionAuthorizer, "subscriptionAuthorizer"));
    }

    /**
     * Who may connect and what they may do. By default every client is an anonymous administrator
     * without restrictions, which is what tests and embedded use want.
     */
    public void security(Authenticator authenticator, AccessPolicy accessPolicy) {
        hooks.authenticator.set(Objects.requireNonNull(authenticator, "authenticator"));
        hooks.accessPolicy.set(Objects.requireNonNull(accessPolicy, "accessPolicy"));
    }

    /**
     * Puts back the persistent sessions and retained messages the session store holds; before
     * {@link #start} and before anything is published. Nothing without a session store.
     */
    public SessionStore.Restored restoreSessions() throws IOException {
        if (sessionStore == null) {
            return new SessionStore.Restored(0, 0, 0, 0, 0);
        }
        return sessionStore.restore(services.sessions(), services.router().retained(), metrics, nanoClock,
                config.maxSessionExpirySeconds());
    }

    /** The session store, or null when sessions live in memory only. */
    public SessionStore sessionStore() { return sessionStore; }

    /** Publishes to subscribers from inside the gateway; usable before {@link #start} and from any thread. */
    public MessagePublisher publisher() { return services.router(); }

    public MqttServerConfig config() { return config; }

    /**
     * Binds one plain TCP listener that accepts anonymous clients.
     *
     * @param port 0 for any free port
     * @return the port actually bound
     */
    public int start(String host, int port) {
        return start(List.of(MqttListener.tcp(host, port, true))).get(0).port();
    }

    /**
     * Binds every listener and starts accepting connections. All or nothing: if one cannot be bound
     * (or its TLS files cannot be used), the others are closed again.
     *
     * @throws IllegalStateException when already started or a listener cannot be bound
     */
    public synchronized List<BoundListener> start(List<MqttListener> listeners) {
        if (!serverChannels.isEmpty()) {
            throw new IllegalStateException("MQTT server already started on " + bound);
        }
        NettyTransport transport = NettyTransport.best();
        bossGroup = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), transport.ioHandlerFactory());
        try {
            for (MqttListener listener : listeners) {
                SslContext tls = listener.isTls() ? TlsContexts.server(listener.tls()) : null;
                Channel channel = bind(transport, listener, tls);
                serverChannels.add(channel);
                int port = ((InetSocketAddress) channel.localAddress()).getPort();
                BoundListener b = new BoundListener(listener, port);
                bound.add(b);
                log.info("MQTT server listening: {} {} ({} transport{})", listener.scheme(), b.address(),
                        transport.name(), listener.allowAnonymous() ? ", anonymous clients allowed" : "");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        // sessions left offline end once their expiry has passed on the server's clock
        bossGroup.scheduleAtFixedRate(this::expireSessions, 1, 1, TimeUnit.SECONDS);
        return List.copyOf(bound);
    }

    private Channel bind(NettyTransport transport, MqttListener listener, SslContext tls) {
        try {
            return new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new MqttChannelInitializer(services, channels, listener, tls))
                    .bind(listener.host(), listener.port()).syncUninterruptibly().channel();
        } catch (Exception e) { // a failed bind comes as the OS's checked exception, thrown without being declared
            throw new ListenerBindException(listener, e);
        }
    }

    private void expireSessions() {
        try {
            services.sessions().expireDue();
        } catch (RuntimeException e) {
            log.error("Ending expired MQTT sessions failed; trying again in a second", e); // and the timer goes on
        }
    }

    /** The first listener's bound port, or -1 before {@link #start}. */
    public synchronized int port() {
        return bound.isEmpty() ? -1 : bound.get(0).port();
    }

    /** Every bound listener, in the order given to {@link #start(List)}. */
    public synchronized List<BoundListener> listeners() { return List.copyOf(bound); }

    /**
     * Stops reading from every connection, new ones included: publishers are held back by TCP
     * backpressure, nothing is refused or lost. Keep-alive is not enforced while paused (and for one
     * keep-alive period after), since the silence is the server's doing. Idempotent; any thread; never
     * waits. Each connection stops on its own event loop, after whatever it is reading now; the future
     * completes once all have, after which a publish sent is not read until {@link #resumeInbound()}.
     */
    public CompletableFuture<Void> pauseInbound(String reason) {
        if (!services.inboundGate().isPaused()) {
            log.warn("MQTT inbound paused: {}", reason);
        }
        services.pauseGate(reason);
        return refreshReading();
    }

    /** Resumes reading after {@link #pauseInbound(String)}. Idempotent; any thread. */
    public void resumeInbound() {
        if (services.inboundGate().isPaused()) {
            log.info("MQTT inbound resumed");
        }
        services.resumeGate();
        refreshReading();
    }

    public boolean isInboundPaused() { return services.inboundGate().isPaused(); }

    /** Each connection re-reads the gate on its own loop; completes when all have. */
    private CompletableFuture<Void> refreshReading() {
        List<CompletableFuture<Void>> applied = new ArrayList<>();
        for (Channel channel : channels) {
            MqttConnection connection = channel.attr(MqttPacketDispatcher.CONNECTION).get();
            if (connection != null) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                channel.eventLoop().execute(() -> {
                    connection.refreshAutoRead();
                    done.complete(null);
                });
                applied.add(done);
            }
        }
        return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new));
    }

    /**
     * Stops accepting, tells connected MQTT 5 clients the server is shutting down (reason 0x8B), closes
     * every connection and stops the event loops. Waits at most a few seconds.
     */
    @Override
    public synchronized void close() {
        if (bossGroup == null) {
            return;
        }
        for (Channel server : serverChannels) {
            server.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        for (Channel channel : channels) {
            MqttConnection connection = channel.attr(MqttPacketDispatcher.CONNECTION).get();
            if (connection != null) {
                services.disconnector().disconnect(connection, DisconnectReason.SERVER_SHUTTING_DOWN,
                        "server shutting down");
            } else {
                channel.close();
            }
        }
        channels.newCloseFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        shutdownGroups();
        serverChannels.clear();
        bound.clear();
        bossGroup = null;
        workerGroup = null;
        log.info("MQTT server stopped");
    }

    private void shutdownGroups() {
        bossGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        workerGroup.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        bossGroup.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
