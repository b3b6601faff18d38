package io.hazardgate.simulator.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.simulator.mqtt.BrokerException;
import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.mqtt.PahoClients;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * Measures end-to-end alarm latency in a load run: from the publish of a message carrying a reading over
 * a limit to the arrival of its {@code raised} event at a control-room subscriber on
 * {@code alarm/{site}/#}. Publishers register each triggering reading (tag and timestamp, which the
 * event carries back as {@code readingTs}) just before publishing it; the subscriber's callback looks
 * it up and records the time since, in microseconds. Publisher and subscriber share this JVM's
 * monotonic clock, so the measurement needs no clock agreement with the gateway.
 *
 * <p>Each device stamps its messages with strictly increasing timestamps, so a (tag, timestamp) stands
 * for one trigger; should two ever share one, they are kept in publish order, which is the order one
 * connection delivers them and the gateway raises them.
 */
public final class AlarmLatencyProbe implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttAsyncClient client;
    /** Triggers not yet raised, by tag and timestamp: publish times in order. Guarded by itself. */
    private final Map<String, ArrayDeque<Long>> pending = new HashMap<>();
    private final Recorder latency = new Recorder(LoadStats.MAX_LATENCY_MICROS, LoadStats.SIGNIFICANT_DIGITS);
    private final LongAdder triggers = new LongAdder();
    private final LongAdder raised = new LongAdder();
    private final LongAdder cleared = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    /** Ids of alarms this run raised and has not seen cleared. */
    private final Set<String> raisedIds = ConcurrentHashMap.newKeySet();

    private AlarmLatencyProbe(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects and subscribes to {@code alarm/{site}/#}; returns once the broker has granted it. */
    public static AlarmLatencyProbe start(BrokerSettings broker, String clientId, String site) {
        MqttAsyncClient c = PahoClients.create(broker, clientId);
        AlarmLatencyProbe probe = new AlarmLatencyProbe(c);
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // Events lost with the connection show as missing alarms in the summary.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                probe.arrived(message.getPayload(), System.nanoTime());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // Publishes nothing.
            }
        });
        String filter = "alarm/" + site + "/#";
        try {
            PahoClients.connect(c, PahoClients.options(broker, 100, false));
            IMqttToken t = c.subscribe(filter, 1);
            t.waitForCompletion(TimeUnit.SECONDS.toMillis(PahoClients.CONNECT_TIMEOUT_SECONDS));
            if (t.getGrantedQos()[0] == 0x80) throw new BrokerException(broker.url() + " refused the subscription to '" + filter + "'", null);
            return probe;
        } catch (MqttException e) {
            PahoClients.close(c);
            throw new BrokerException("cannot subscribe to '" + filter + "' at " + broker.url() + ": " + PahoClients.describe(e), e);
        } catch (RuntimeException e) {
            PahoClients.close(c);
            throw e;
        }
    }

    /** A message carrying {@code tag} over its limit, stamped {@code ts}, is about to be published. */
    void triggered(String tag, long ts, long publishNanos) {
        triggers.increment();
        synchronized (pending) {
            pending.computeIfAbsent(key(tag, ts), k -> new ArrayDeque<>(2)).addLast(publishNanos);
        }
    }

    /** The triggering message was refused before it left: no alarm is owed for it. */
    void cancelled(String tag, long ts) {
        if (take(key(tag, ts), true) != null) triggers.decrement();
    }

    /** The oldest (or with {@code newest}, the latest) trigger under {@code key}, removed; null when none. */
    private Long take(String key, boolean newest) {
        synchronized (pending) {
            ArrayDeque<Long> q = pending.get(key);
            if (q == null) return null;
            Long t = newest ? q.pollLast() : q.pollFirst();
            if (q.isEmpty()) pending.remove(key);
            return t;
        }
    }

    private int pendingCount() {
        synchronized (pending) {
            int n = 0;
            for (ArrayDeque<Long> q : pending.values()) n += q.size();
            return n;
        }
    }

    private void arrived(byte[] payload, long nowNanos) {
        JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (IOException e) {
            unmatched.increment();
            return;
        }
        String state = n.path("state").asText();
        if (state.equals("cleared")) {
            if (raisedIds.remove(n.path("id").asText())) cleared.increment();
        } else if (state.equals("raised")) {
            Long published = take(key(n.path("tag").asText(), n.path("readingTs").asLong()), false);
            if (published == null) {
                unmatched.increment();
                return;
            }
            raised.increment();
            raisedIds.add(n.path("id").asText());
            latency.recordValue(Math.min(LoadStats.MAX_LATENCY_MICROS, Math.max(0, (nowNanos - published) / 1_000)));
        }
    }

    /** Waits until every trigger has had its raised event, or {@code timeoutNanos} pass. */
    void awaitAll(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (pendingCount() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
    }

    /** Waits until as many clears as raises have arrived (the next reading of each tag clears it), or the timeout. */
    void awaitCleared(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (cleared.sum() < raised.sum() && System.nanoTime() < deadline) Thread.sleep(10);
    }

    AlarmLatency result() {
        Histogram h = latency.getIntervalHistogram();
        return new AlarmLatency(triggers.sum(), raised.sum(), cleared.sum(), pendingCount(), unmatched.sum(), h);
    }

    private static String key(String tag, long ts) {
        return tag + '@' + ts;
    }

    @Override
    public void close() {
        PahoClients.close(client);
    }
}
