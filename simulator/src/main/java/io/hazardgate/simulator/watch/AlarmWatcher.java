package io.hazardgate.simulator.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.simulator.mqtt.BrokerException;
import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.mqtt.PahoClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A control-room subscriber for scenarios and the demo: takes every alarm event ({@code alarm/#}) and
 * every message the gateway sends devices ({@code plant/+/+/errors}), keeps them with their arrival
 * time, and tells a listener as each arrives; it also counts the loggers announced offline on
 * {@code plant/+/+/status} (their wills), so that a run can tell when the broker noticed a cut link.
 * Retained alarm state and colours are not its business.
 */
public final class AlarmWatcher implements AutoCloseable {
    public static final String ALARMS = "alarm/#";
    public static final String ERRORS = "plant/+/+/errors";
    public static final String STATUS = "plant/+/+/status";
    private static final Logger LOG = LoggerFactory.getLogger(AlarmWatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Told of each arrival on Paho's callback thread: keep it short. */
    public interface Listener {
        default void alarm(ObservedAlarm a) {}

        default void error(ObservedError e) {}
    }

    private final MqttAsyncClient client;
    private final Listener listener;
    private final List<ObservedAlarm> alarms = new ArrayList<>();
    private final List<ObservedError> errors = new ArrayList<>();
    private volatile long lastArrivalNanos = System.nanoTime();
    private long unreadable;
    private boolean errorsWatched = true;
    private boolean statusWatched = true;
    /** Live (not retained) {@code offline} announcements by {@code plant/{site}/{device}/status} topic. */
    private final Map<String, Long> offline = new HashMap<>();

    private AlarmWatcher(MqttAsyncClient client, Listener listener) {
        this.client = client;
        this.listener = listener;
    }

    /** Connects and subscribes; returns once the broker has granted both subscriptions. */
    public static AlarmWatcher start(BrokerSettings broker, String clientId, Listener listener) {
        MqttAsyncClient c = PahoClients.create(broker, clientId);
        AlarmWatcher w = new AlarmWatcher(c, listener);
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                LOG.warn("alarm subscriber lost its connection: {}", PahoClients.describe(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                if (topic.startsWith("plant/") && topic.endsWith("/status")) w.status(topic, message);
                else w.arrived(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // Publishes nothing.
            }
        });
        try {
            PahoClients.connect(c, PahoClients.options(broker, 10, true));
            IMqttToken t = c.subscribe(new String[] {ALARMS, ERRORS, STATUS}, new int[] {1, 1, 1});
            t.waitForCompletion(TimeUnit.SECONDS.toMillis(PahoClients.CONNECT_TIMEOUT_SECONDS));
            int[] granted = t.getGrantedQos();
            if (granted[0] == 0x80) {
                throw new BrokerException(broker.url() + " refused the subscription to '" + ALARMS + "' for client '" + clientId
                        + "': log in as a consumer or operator of these sites (--username, --password)", null);
            }
            // A consumer may read alarms but not the devices' error topics (docs/protocol.md, access rules).
            if (granted.length < 2 || granted[1] == 0x80) w.errorsWatched = false;
            if (granted.length < 3 || granted[2] == 0x80) w.statusWatched = false;
            return w;
        } catch (MqttException e) {
            PahoClients.close(c);
            throw new BrokerException("cannot subscribe to the alarm topics at " + broker.url() + ": " + PahoClients.describe(e), e);
        } catch (RuntimeException e) {
            PahoClients.close(c);
            throw e;
        }
    }

    private void arrived(String topic, byte[] payload) {
        long now = System.currentTimeMillis();
        lastArrivalNanos = System.nanoTime();
        JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (IOException e) {
            synchronized (this) {
                unreadable++;
            }
            return;
        }
        if (n == null || !n.isObject()) return;
        if (topic.startsWith("alarm/")) {
            ObservedAlarm a = ObservedAlarm.parse(topic, n, now);
            synchronized (this) {
                alarms.add(a);
            }
            listener.alarm(a);
        } else {
            ObservedError e = ObservedError.parse(topic, n, now);
            synchronized (this) {
                errors.add(e);
            }
            listener.error(e);
        }
    }

    /**
     * A logger's status ({@code offline} or {@code {"status":"offline"}}, docs/protocol.md); only a live
     * one is counted (a will, or the logger's own word), not the retained one a subscription brings.
     */
    private void status(String topic, MqttMessage message) {
        String text = new String(message.getPayload(), StandardCharsets.UTF_8).strip();
        if (message.isRetained() || !(text.equals("offline") || text.replace(" ", "").equals("{\"status\":\"offline\"}"))) return;
        synchronized (this) {
            offline.merge(topic, 1L, Long::sum);
            notifyAll();
        }
    }

    /** How many times the logger has been announced offline since the watcher subscribed. */
    public synchronized long offlineAnnounced(String site, String device) {
        return offline.getOrDefault("plant/" + site + "/" + device + "/status", 0L);
    }

    /**
     * Waits until the logger has been announced offline more than {@code before} times (see
     * {@link #offlineAnnounced}), or {@code timeoutMillis} pass; returns whether it was. Returns false at
     * once when the broker does not let this user read the status topics.
     */
    public synchronized boolean awaitOffline(String site, String device, long before, long timeoutMillis) throws InterruptedException {
        if (!statusWatched) return false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (offlineAnnounced(site, device) <= before) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }

    public synchronized List<ObservedAlarm> alarms() {
        return List.copyOf(alarms);
    }

    public synchronized List<ObservedError> errors() {
        return List.copyOf(errors);
    }

    /** Whether the broker let us read the devices' error topics (an administrator may; a consumer may not). */
    public boolean errorsWatched() {
        return errorsWatched;
    }

    /** Payloads on the watched topics that were not JSON. */
    public synchronized long unreadable() {
        return unreadable;
    }

    /** Waits until nothing has arrived for {@code quietMillis}, or {@code maxMillis} have passed. */
    public void awaitQuiet(long quietMillis, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (System.nanoTime() < deadline && System.nanoTime() - lastArrivalNanos < TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        PahoClients.close(client);
    }
}
