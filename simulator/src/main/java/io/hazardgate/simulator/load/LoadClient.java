package io.hazardgate.simulator.load;

import io.hazardgate.simulator.mqtt.PahoClients;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of a load run and the thread that paces its publishes. Its devices take turns; each
 * message carries the next window of the device's points.
 *
 * <p>Paho refuses a QoS 1 publish once {@code maxInflight} are unacknowledged (error 32202), so the
 * publisher holds a pool of exactly that many in-flight slots, each with its own payload buffer: it
 * waits for a free slot before publishing, and Paho's callback thread only returns the slot, never
 * blocking. Buffers are reused, so the publish path allocates no payloads.
 */
final class LoadClient implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadClient.class);
    /** The longest sleep between looks at {@link #stopped}. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long DISCONNECTED_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** One in-flight message: its buffer and when it was handed to Paho. */
    private static final class Slot {
        final byte[] payload;
        long publishNanos;

        Slot(byte[] payload) {
            this.payload = payload;
        }
    }

    private final MqttAsyncClient client;
    private final int[] devices;
    private final String[] topics;
    /** Timestamp of each device's last message: the next one is at least a millisecond later. */
    private final long[] lastTs;
    private final int windows;
    private final int qos;
    private final RatePlan plan;
    private final long startNanos;
    private final PayloadTemplate template;
    private final SplittableRandom values;
    private final LoadStats stats;
    private final AlarmTriggers triggers;
    private final BlockingQueue<Slot> free;
    private volatile boolean stopped;
    private long sent;

    private final IMqttActionListener outcome = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            Slot slot = (Slot) token.getUserContext();
            stats.acked(slot.publishNanos, System.nanoTime());
            free.offer(slot);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            stats.failed();
            LOG.debug("{}: publish failed: {}", client.getClientId(), PahoClients.describe(e));
            free.offer((Slot) token.getUserContext());
        }
    };

    /**
     * @param windows  how many messages it takes to send each of a device's points once
     * @param triggers which messages carry a reading over the limit, or {@code null} for none
     */
    LoadClient(MqttAsyncClient client, int[] devices, LoadNaming naming, int windows, int qos, int maxInflight,
               RatePlan plan, long startNanos, PayloadTemplate template, long seed, LoadStats stats, AlarmTriggers triggers) {
        this.client = client;
        this.devices = devices.clone();
        this.topics = new String[devices.length];
        for (int i = 0; i < devices.length; i++) topics[i] = naming.topic(devices[i]);
        this.lastTs = new long[devices.length];
        this.windows = windows;
        this.qos = qos;
        this.plan = plan;
        this.startNanos = startNanos;
        this.template = template;
        this.values = new SplittableRandom(seed);
        this.stats = stats;
        this.triggers = triggers;
        this.free = new ArrayBlockingQueue<>(maxInflight);
        for (int i = 0; i < maxInflight; i++) free.add(new Slot(template.newBuffer()));
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                stats.connectionLost();
                LOG.debug("{}: connection lost: {}", client.getClientId(), PahoClients.describe(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // A publisher subscribes to nothing.
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // Counted by the per-publish listener.
            }
        });
    }

    @Override
    public void run() {
        try {
            while (!stopped && sent < plan.total()) {
                long elapsed = System.nanoTime() - startNanos;
                long allowed = plan.allowedBy(elapsed);
                if (sent >= allowed) {
                    // Asleep until the next message is due: a publisher that looked every millisecond
                    // kept a hundred threads in the run queue, taking the cores from what it measures.
                    LockSupport.parkNanos(Math.max(1, Math.min(MAX_PARK_NANOS, plan.dueAt(sent) - elapsed)));
                    continue;
                }
                Slot slot = free.poll(100, TimeUnit.MILLISECONDS);
                if (slot == null) continue; // every slot in flight: the broker is the bottleneck
                publish(slot);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publish(Slot slot) {
        int n = devices.length;
        int turn = (int) (sent % n);
        int window = (int) ((sent / n) % windows);
        // A burst (a window of PUBACKs coming back at once) would put several messages of one device in
        // one millisecond; a store keyed on (timestamp, tag) would then keep one reading of each point.
        long ts = Math.max(System.currentTimeMillis(), lastTs[turn] + 1);
        lastTs[turn] = ts;
        int firstSensor = window * template.readings();
        template.patch(slot.payload, ts, devices[turn], firstSensor, values);
        String trigger = triggers == null ? null : triggers.next(sent, turn, devices[turn], window, firstSensor);
        if (trigger != null) template.setValue(slot.payload, 0, AlarmTriggers.TRIGGER_THOUSANDTHS);
        slot.publishNanos = System.nanoTime();
        // Registered before the publish: the alarm can come back before publish() returns.
        if (trigger != null) triggers.published(trigger, ts, slot.publishNanos);
        try {
            client.publish(topics[turn], slot.payload, qos, false, slot, outcome);
            stats.published();
            sent++;
        } catch (MqttException e) {
            if (trigger != null) triggers.refused(trigger, ts, turn, window);
            free.offer(slot);
            stats.refused();
            LOG.debug("{}: publish refused: {}", client.getClientId(), PahoClients.describe(e));
            if (!client.isConnected()) LockSupport.parkNanos(DISCONNECTED_BACKOFF_NANOS);
        }
    }

    void stop() {
        stopped = true;
    }

    MqttAsyncClient client() {
        return client;
    }
}
