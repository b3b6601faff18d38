package io.hazardgate.mqtt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every meter of the MQTT transport, defined and registered here and nowhere else (the catalogue of all
 * the gateway's meters is the table in docs/operations.md, which a test holds to the registry). Hot-path
 * counters are resolved up front so counting costs no lookup; the parts that own a gauge's value hand it
 * over through the named methods below.
 *
 * <ul>
 *   <li>{@code hazardgate.mqtt.connections} gauge: open, accepted connections</li>
 *   <li>{@code hazardgate.mqtt.sessions} gauge: sessions, online or not</li>
 *   <li>{@code hazardgate.mqtt.subscriptions} gauge</li>
 *   <li>{@code hazardgate.mqtt.retained.messages} gauge</li>
 *   <li>{@code hazardgate.mqtt.queued.messages} gauge: messages waiting in session queues</li>
 *   <li>{@code hazardgate.mqtt.queued.bytes} gauge: their payload and topic bytes, all sessions together</li>
 *   <li>{@code hazardgate.mqtt.partial.bytes} gauge: bytes of packets not yet complete, all connections</li>
 *   <li>{@code hazardgate.mqtt.connects} counter, tag {@code outcome} (accepted or the refusal)</li>
 *   <li>{@code hazardgate.mqtt.messages.in} / {@code .out} counters, tag {@code qos}</li>
 *   <li>{@code hazardgate.mqtt.messages.dropped} counter, tag {@code reason} ({@link DropReason})</li>
 *   <li>{@code hazardgate.mqtt.messages.rejected} counter: inbound publishes refused by ingest, tag
 *       {@code reason_code}</li>
 *   <li>{@code hazardgate.mqtt.disconnects} counter, tag {@code reason}</li>
 *   <li>{@code hazardgate.mqtt.retained.bytes} gauge; {@code hazardgate.mqtt.retained.refused} counter:
 *       retained messages not kept because the retained store was at its limit</li>
 *   <li>{@code hazardgate.mqtt.publishes.denied} counter: publishes the access policy refused</li>
 *   <li>{@code hazardgate.mqtt.subscriptions.denied} counter: filters the access policy refused</li>
 *   <li>{@code hazardgate.mqtt.connections.refused} counter, tag {@code reason} ({@code rate_limited},
 *       {@code origin_not_allowed}): connections closed before CONNECT</li>
 *   <li>{@code hazardgate.mqtt.auth.failures} counter: failed logins</li>
 *   <li>{@code hazardgate.mqtt.inbound.paused} gauge: 1 while reading is paused server-wide</li>
 *   <li>{@code hazardgate.mqtt.sessions.restored} gauge: persistent sessions the session store put back at
 *       the last start; {@code hazardgate.mqtt.sessions.expired.down} counter: sessions that had expired
 *       while the gateway was down</li>
 *   <li>{@code hazardgate.mqtt.sessions.store.damaged} counter: damaged session-store records skipped at
 *       start (reported in the log and on {@code /ready})</li>
 *   <li>{@code hazardgate.mqtt.sessions.store.write.failures} counter: session-store records that could not
 *       be written (what waited for them was refused)</li>
 *   <li>{@code hazardgate.mqtt.sessions.store.compactions} counter: snapshots written</li>
 *   <li>the session store's log: {@code hazardgate.mqtt.sessions.log.*}, the durable log's meters</li>
 * </ul>
 */
public final class MqttMetrics {
    public static final String PREFIX = "hazardgate.mqtt.";

    private final MeterRegistry registry;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final Counter[] messagesIn = new Counter[3];
    private final Counter[] messagesOut = new Counter[3];
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Map<String, Counter> connects = new ConcurrentHashMap<>();
    private final Map<String, Counter> disconnects = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> rejected = new ConcurrentHashMap<>();
    private final Counter rateLimited;
    private final Counter originNotAllowed;
    private final Counter retainedRefused;
    private final Counter publishesDenied;
    private final Counter subscriptionsDenied;
    private final Counter authFailures;
    private final AtomicLong sessionsRestored = new AtomicLong();
    private final Counter sessionsExpiredDown;
    private final Counter storeDamaged;
    private final Counter storeWriteFailures;
    private final Counter storeCompactions;

    public MqttMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(PREFIX + "connections", connections, AtomicLong::get)
                .description("Open MQTT connections that completed CONNECT").register(registry);
        Gauge.builder(PREFIX + "queued.messages", queued, AtomicLong::get)
                .description("Messages waiting in session queues").register(registry);
        for (int qos = 0; qos < 3; qos++) {
            messagesIn[qos] = Counter.builder(PREFIX + "messages.in").tag("qos", Integer.toString(qos))
                    .description("PUBLISH packets received from clients").register(registry);
            messagesOut[qos] = Counter.builder(PREFIX + "messages.out").tag("qos", Integer.toString(qos))
                    .description("PUBLISH packets sent to subscribers").register(registry);
        }
        retainedRefused = Counter.builder(PREFIX + "retained.refused")
                .description("Retained messages not kept: the retained store was full").register(registry);
        publishesDenied = Counter.builder(PREFIX + "publishes.denied")
                .description("PUBLISH packets the access policy refused").register(registry);
        subscriptionsDenied = Counter.builder(PREFIX + "subscriptions.denied")
                .description("Topic filters the access policy refused").register(registry);
        authFailures = Counter.builder(PREFIX + "auth.failures")
                .description("CONNECT attempts with bad or unknown credentials").register(registry);
        Gauge.builder(PREFIX + "sessions.restored", sessionsRestored, AtomicLong::get)
                .description("Persistent sessions the session store put back at the last start").register(registry);
        sessionsExpiredDown = Counter.builder(PREFIX + "sessions.expired.down")
                .description("Persistent sessions that had expired while the gateway was down").register(registry);
        storeDamaged = Counter.builder(PREFIX + "sessions.store.damaged").baseUnit("records")
                .description("Damaged session-store records skipped at start").register(registry);
        storeWriteFailures = Counter.builder(PREFIX + "sessions.store.write.failures").baseUnit("records")
                .description("Session-store records that could not be written").register(registry);
        storeCompactions = Counter.builder(PREFIX + "sessions.store.compactions")
                .description("Snapshots the session store wrote").register(registry);
        rateLimited = Counter.builder(PREFIX + "connections.refused").tag("reason", "rate_limited")
                .description("Connections closed before CONNECT").register(registry);
        originNotAllowed = Counter.builder(PREFIX + "connections.refused").tag("reason", "origin_not_allowed")
                .description("Connections closed before CONNECT").register(registry);
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, Counter.builder(PREFIX + "messages.dropped").tag("reason", reason.tag())
                    .description("Messages that did not reach a subscriber").register(registry));
        }
    }

    /** The sessions the registry holds, connected or not. */
    public void sessions(Supplier<Number> count) { gauge("sessions", "MQTT sessions, connected or not", count); }

    /** Payload and topic bytes waiting in all session queues together. */
    public void queuedBytes(Supplier<Number> bytes) {
        gauge("queued.bytes", "Payload and topic bytes waiting in all session queues", bytes);
    }

    /** Bytes held for packets not yet complete, all connections together. */
    public void partialBytes(Supplier<Number> bytes) {
        gauge("partial.bytes", "Bytes held for packets not yet complete, all connections together", bytes);
    }

    /** The subscriptions the router holds. */
    public void subscriptions(Supplier<Number> count) { gauge("subscriptions", "Active subscriptions", count); }

    /** What the retained store holds. */
    public void retained(Supplier<Number> messages, Supplier<Number> bytes) {
        gauge("retained.messages", "Retained messages held", messages);
        gauge("retained.bytes", "Payload and topic bytes of retained messages held", bytes);
    }

    /** 1 while the server has stopped reading from every connection, else 0. */
    public void inboundPaused(Supplier<Number> paused) {
        gauge("inbound.paused", "1 while the server has stopped reading from every connection", paused);
    }

    private void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(PREFIX + name, value).description(description).register(registry);
    }

    public void connectionOpened() { connections.incrementAndGet(); }

    public void connectionClosed() { connections.decrementAndGet(); }

    public void queuedChanged(long delta) { queued.addAndGet(delta); }

    public void received(int qos) { messagesIn[qos].increment(); }

    public void sent(int qos) { messagesOut[qos].increment(); }

    public void dropped(DropReason reason, long count) { dropped.get(reason).increment(count); }

    public void connect(String outcome) {
        connects.computeIfAbsent(outcome, o -> Counter.builder(PREFIX + "connects").tag("outcome", o)
                .description("CONNECT attempts by outcome").register(registry)).increment();
    }

    public void disconnect(String reason) {
        disconnects.computeIfAbsent(reason, r -> Counter.builder(PREFIX + "disconnects").tag("reason", r)
                .description("Closed connections by reason").register(registry)).increment();
    }

    public void rejected(int reasonCode) {
        rejected.computeIfAbsent(reasonCode, c -> Counter.builder(PREFIX + "messages.rejected")
                .tag("reason_code", String.format("0x%02X", c))
                .description("Inbound publishes refused by ingest").register(registry)).increment();
    }

    public void retainedRefused() { retainedRefused.increment(); }

    public void publishDenied() { publishesDenied.increment(); }

    public void subscriptionDenied() { subscriptionsDenied.increment(); }

    public void authFailed() { authFailures.increment(); }

    /** A connection closed before CONNECT: its address opened more per second than the limit. */
    public void rateLimited() { rateLimited.increment(); }

    /** A WebSocket connection refused at its handshake: its Origin is not one the listener allows. */
    public void originNotAllowed() { originNotAllowed.increment(); }

    public long queuedMessages() { return queued.get(); }

    /** What the session store put back at start. */
    public void sessionsRestored(int sessions, long damagedRecords, int expiredWhileDown) {
        sessionsRestored.set(sessions);
        storeDamaged.increment(damagedRecords);
        sessionsExpiredDown.increment(expiredWhileDown);
    }

    public void sessionStoreWriteFailed() { storeWriteFailures.increment(); }

    public void sessionStoreCompacted() { storeCompactions.increment(); }
}
