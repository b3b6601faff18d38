package io.hazardgate.mqtt.connection;

import io.hazardgate.mqtt.ClientInfo;
import io.hazardgate.mqtt.MqttListener;
import io.hazardgate.mqtt.auth.Principal;
import io.hazardgate.mqtt.broker.OutboundMessage;
import io.hazardgate.mqtt.broker.PacketSizes;
import io.hazardgate.mqtt.broker.PublishedMessage;
import io.hazardgate.mqtt.broker.Session;
import io.hazardgate.mqtt.broker.SessionLink;
import io.hazardgate.mqtt.broker.Will;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;

import java.util.concurrent.RejectedExecutionException;

/**
 * One client connection: its lifecycle state, the session it is bound to, its will, its ordered
 * inbound acknowledgements, and the writes of outbound publishes. All mutable state is confined to
 * the channel's event loop; other threads reach it only through {@link #wakeUp()} and
 * {@link io.hazardgate.mqtt.PublishAck}.
 */
public final class MqttConnection implements SessionLink {
    /** MQTT 5 §3.1.2.11.3: Receive Maximum absent means 65,535. */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;

    private final Channel channel;
    private final BrokerServices services;
    private final MqttListener listener;
    private final InboundAckQueue inboundAcks;
    private final Runnable drainTask = this::drain;

    private ConnectionState state = ConnectionState.AWAIT_CONNECT;
    private int protocolVersion = 4;
    private ClientInfo client;
    private Session session;
    private Will will;
    private int inflightLimit;
    private long clientMaxPacketSize = Long.MAX_VALUE;
    private boolean problemInformation = true;
    private DisconnectReason closeReason;
    private boolean reading;
    private boolean flushAfterRead;
    private boolean pausedForAcks;
    private InboundTopicAliases inboundAliases;
    private OutboundTopicAliases outboundAliases;

    public MqttConnection(Channel channel, BrokerServices services) {
        this(channel, services, MqttListener.tcp("127.0.0.1", 0, true));
    }

    public MqttConnection(Channel channel, BrokerServices services, MqttListener listener) {
        this.channel = channel;
        this.services = services;
        this.listener = listener;
        this.inboundAcks = new InboundAckQueue(this, channel.eventLoop());
        this.inflightLimit = services.config().maxInflightOutbound();
    }

    public Channel channel() { return channel; }

    public BrokerServices services() { return services; }

    /** The listener this connection came in through. */
    public MqttListener listener() { return listener; }

    /** Who the client is; null before CONNECT is accepted. */
    public Principal principal() { return client == null ? null : client.principal(); }

    public ConnectionState state() { return state; }

    public boolean isConnected() { return state == ConnectionState.CONNECTED; }

    /** 4 for MQTT 3.1.1, 5 for MQTT 5; 4 until CONNECT says otherwise. */
    public int protocolVersion() { return protocolVersion; }

    public boolean isMqtt5() { return protocolVersion == 5; }

    public void protocolVersion(int version) { this.protocolVersion = version; }

    public ClientInfo client() { return client; }

    public Session session() { return session; }

    public Will will() { return will; }

    public InboundAckQueue inboundAcks() { return inboundAcks; }

    /** MQTT 5 Request Problem Information (§3.1.2.11.7): whether reason strings may be sent. */
    public boolean problemInformation() { return problemInformation; }

    /**
     * The session is bound but the CONNACK waits (for the session store): the connection stays silent
     * and unread, and if it closes meanwhile the session is left as for any closed connection.
     */
    public void bindingSession(Session boundSession) { this.session = boundSession; }

    /** CONNECT received and its credentials are being checked: nothing is read meanwhile. */
    public void authenticating() {
        state = ConnectionState.AUTHENTICATING;
        updateAutoRead();
    }

    /**
     * CONNECT accepted: binds the session and the client's own limits (MQTT 5 Receive Maximum, Maximum
     * Packet Size and Topic Alias Maximum).
     */
    public void accepted(ClientInfo clientInfo, Session boundSession, Will clientWill, int clientReceiveMaximum,
            long maxPacketSize, int clientTopicAliasMaximum, boolean requestProblemInformation) {
        this.client = clientInfo;
        this.session = boundSession;
        this.will = clientWill;
        this.inflightLimit = Math.min(services.config().maxInflightOutbound(), clientReceiveMaximum);
        this.clientMaxPacketSize = maxPacketSize;
        this.problemInformation = requestProblemInformation;
        int serverAliases = services.config().topicAliasMaximum();
        this.inboundAliases = isMqtt5() && serverAliases > 0 ? new InboundTopicAliases(serverAliases) : null;
        this.outboundAliases = isMqtt5() && clientTopicAliasMaximum > 0 && services.config().outboundTopicAliases()
                ? new OutboundTopicAliases(clientTopicAliasMaximum) : null;
        this.state = ConnectionState.CONNECTED;
        updateAutoRead();
    }

    /** What {@link #resolveTopic} is given for a PUBLISH without a Topic Alias property. */
    public static final int NO_ALIAS = -1;

    /**
     * Resolves an inbound PUBLISH's topic against its Topic Alias (MQTT 5 §3.3.2.3.4).
     *
     * @param alias the Topic Alias property, or {@link #NO_ALIAS}
     * @return the topic, or null after disconnecting the client for a bad alias
     */
    public String resolveTopic(String topic, int alias) {
        if (alias == NO_ALIAS) {
            return topic;
        }
        // 0 is never a valid alias, nor one above the maximum the server announced
        if (inboundAliases == null || !inboundAliases.inRange(alias)) {
            services.disconnector().disconnect(this, DisconnectReason.TOPIC_ALIAS_INVALID,
                    "topic alias " + alias + " outside 1.." + services.config().topicAliasMaximum());
            return null;
        }
        if (!topic.isEmpty()) {
            inboundAliases.set(alias, topic);
            return topic;
        }
        String known = inboundAliases.get(alias);
        if (known == null) {
            services.disconnector().disconnect(this, DisconnectReason.PROTOCOL_ERROR,
                    "topic alias " + alias + " used before it was set");
        }
        return known;
    }

    /** Drops the will: the client disconnected normally (MQTT 3.1.1 §3.14.4). */
    public void discardWill() {
        if (session != null) {
            session.clearWill(will);
        }
        this.will = null;
    }

    /** Starts closing; true only for the first reason given, which is the one counted. */
    public boolean beginClose(DisconnectReason reason) {
        if (closeReason != null) {
            return false;
        }
        closeReason = reason;
        state = ConnectionState.CLOSING;
        return true;
    }

    public DisconnectReason closeReason() { return closeReason; }

    /** Client id and address, for log lines. */
    public String describe() {
        return (client == null ? "(no CONNECT yet)" : client.clientId()) + "@" + channel.remoteAddress();
    }

    // ---- reading and flushing ----

    public void readStarted() { reading = true; }

    boolean isReading() { return reading; }

    /** Defers the flush of what was just written to the end of the current read batch. */
    public void flushAfterRead() {
        if (reading) {
            flushAfterRead = true;
        } else {
            channel.flush();
        }
    }

    /** End of a batch of reads: one flush for every acknowledgement written during it. */
    public void readComplete() {
        reading = false;
        if (flushAfterRead) {
            flushAfterRead = false;
            channel.flush();
        }
    }

    /** Re-evaluates whether this connection reads, e.g. after the server paused or resumed inbound. */
    public void refreshAutoRead() { updateAutoRead(); }

    /** Reading pauses while too many inbound publishes wait for their acknowledgement. */
    void inboundBacklog(int openAcks) {
        boolean pause = openAcks >= services.config().maxInflightInbound();
        if (pause != pausedForAcks) {
            pausedForAcks = pause;
            updateAutoRead();
        }
    }

    /** Reading also pauses while the socket cannot take more output, so a client that never reads
     * cannot make the server buffer replies without bound. */
    public void writabilityChanged() {
        updateAutoRead();
        if (channel.isWritable() && session != null) {
            wakeUp();
        }
    }

    private void updateAutoRead() {
        // a closing connection reads on: what it reads is discarded, so that closing does not reset it
        boolean read = state == ConnectionState.CLOSING || (channel.isWritable() && !pausedForAcks
                && state != ConnectionState.AUTHENTICATING && !services.inboundGate().isPaused());
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    void writeInboundAck(PendingAck ack) {
        int code = ack.reasonCode();
        if (code == PendingAck.FAILED || code == PendingAck.RETRY_LATER && !isMqtt5()) {
            // no acknowledgement: closing makes the client send it again (and every later one, unacknowledged
            // too; MQTT 3.1.1 has no negative one). A QoS 2 id is forgotten, so the resent PUBLISH is processed.
            if (ack.qos2) {
                session.qos2Released(ack.packetId);
            }
            services.disconnector().disconnect(this, code == PendingAck.FAILED ? DisconnectReason.NOT_STORED
                    : DisconnectReason.SERVER_BUSY, ack.reason());
            return;
        }
        if (code == PendingAck.RETRY_LATER) {
            code = ack.retryCode();
        }
        if (code >= 0x80) {
            services.metrics().rejected(code);
            if (ack.qos2) {
                session.qos2Released(ack.packetId); // MQTT 5 §4.3.3: a failed PUBREC ends the exchange
            }
        }
        MqttProperties properties = isMqtt5() && problemInformation
                ? Mqtt5Properties.reasonString(ack.reason()) : MqttProperties.NO_PROPERTIES;
        // MQTT 3.1.1 has no negative acknowledgement: the encoder leaves code and properties out
        channel.write(pubReply(ack.qos2 ? MqttMessageType.PUBREC : MqttMessageType.PUBACK, ack.packetId,
                code, properties));
    }

    /** A PUBACK, PUBREC, PUBREL or PUBCOMP. */
    public static MqttMessage pubReply(MqttMessageType type, int packetId, int reasonCode, MqttProperties properties) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode, properties));
    }

    // ---- SessionLink: outbound delivery, driven by the session on this event loop ----

    @Override
    public void wakeUp() {
        try {
            channel.eventLoop().execute(drainTask);
        } catch (RejectedExecutionException e) {
            // the server is shutting down: the session keeps the message, the connection is going
        }
    }

    private void drain() {
        if (state == ConnectionState.CONNECTED && session.drain(this) > 0) {
            channel.flush();
        }
    }

    @Override
    public boolean isWritable() { return channel.isWritable(); }

    @Override
    public int inflightLimit() { return inflightLimit; }

    @Override
    public boolean mayReceive(OutboundMessage delivery) {
        Principal principal = principal();
        return principal == null || services.accessPolicy().get().mayRead(principal, delivery.message().topic());
    }

    @Override
    public boolean accepts(OutboundMessage delivery) {
        if (clientMaxPacketSize == Long.MAX_VALUE) {
            return true;
        }
        PublishedMessage message = delivery.message();
        int topicBytes = message.topicBytes();
        int propertiesBytes = 0;
        if (isMqtt5()) {
            propertiesBytes = message.forwardedPropertiesBytes();
            if (message.hasExpiry()) {
                propertiesBytes += 5;
            }
            for (int id : delivery.subscriptionIds()) {
                propertiesBytes += 1 + PacketSizes.varIntBytes(id);
            }
            if (outboundAliases != null) {
                if (outboundAliases.existing(message.topic()) != 0) {
                    topicBytes = 0;
                    propertiesBytes += 3;
                } else if (outboundAliases.hasRoom()) {
                    propertiesBytes += 3;
                }
            }
        }
        return PacketSizes.publishBytes(topicBytes, delivery.qos(), isMqtt5(), propertiesBytes,
                message.payload().length) <= clientMaxPacketSize;
    }

    @Override
    public void writePublish(OutboundMessage delivery, boolean dup) {
        PublishedMessage message = delivery.message();
        int qos = delivery.qos();
        String topic = message.topic();
        MqttProperties properties = message.properties();
        if (isMqtt5()) {
            int alias = 0;
            if (outboundAliases != null) {
                alias = outboundAliases.existing(topic);
                if (alias != 0) {
                    topic = "";
                } else if (outboundAliases.hasRoom()) {
                    alias = outboundAliases.assign(topic);
                }
            }
            int[] ids = delivery.subscriptionIds();
            if (alias != 0 || ids.length > 0 || message.hasExpiry()) {
                properties = Mqtt5Properties.copy(properties);
                if (message.hasExpiry()) {
                    properties.add(new MqttProperties.IntegerProperty(
                            MqttProperties.MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(),
                            (int) message.remainingExpirySeconds(services.nanoClock().getAsLong())));
                }
                for (int id : ids) {
                    properties.add(new MqttProperties.IntegerProperty(
                            MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), id));
                }
                if (alias != 0) {
                    properties.add(new MqttProperties.IntegerProperty(
                            MqttProperties.MqttPropertyType.TOPIC_ALIAS.value(), alias));
                }
            }
        }
        MqttPublishMessage publish = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), delivery.retain(), 0),
                new MqttPublishVariableHeader(topic, qos > 0 ? delivery.packetId() : 0, properties),
                Unpooled.wrappedBuffer(message.payload()));
        channel.write(publish, channel.voidPromise());
        services.metrics().sent(qos);
    }

    @Override
    public void writePubRel(int packetId) {
        channel.write(pubReply(MqttMessageType.PUBREL, packetId, 0, MqttProperties.NO_PROPERTIES),
                channel.voidPromise());
    }
}
