package io.hazardgate.alarm.delivery;

import io.hazardgate.alarm.lifecycle.AlarmListener;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alarm transitions: each event is first appended to the alarm journal and forced to disk (in
 * groups), then published on {@code alarm/{site}/{source}/{tag}} (QoS 2), the tag's current state
 * retained on {@code alarm-state/...} (its most severe active alarm, empty when clear), hazard-source
 * colours retained on {@code risk/{site}/{source}} with a {@code risk-event/...} message per colour
 * change, recorded to the store, and handed to listeners. The event on its MQTT topic goes first: the
 * rest of a delivery waits while newer events are journaled and published, so a burst of alarms reaches
 * the control room without queueing behind the dashboard's formatting of the ones before it. One thread,
 * so events leave in the order the shards made them and its state needs no locks; events are rare next to readings, so its queue is
 * unbounded: an alarm is never dropped here. Readers of {@link #activeAlarms()} and {@link #risks()}
 * on other threads see consistent snapshots.
 *
 * <p>After each batch the bus asks to be told when what it published is on disk with the MQTT sessions
 * that deliver it (an offline control room's queue, the retained state) and goes on delivering; when
 * that comes, it marks those events delivered in the journal (a mark that leaves the events published
 * since open), so no event waits for the session store's fsync. Events journaled after the last mark (a crash came in between) are published again at
 * the next start, where a session that already holds one does not get it twice.
 */
public final class AlarmBus implements AlarmListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlarmBus.class);
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_BATCH = 1024;
    /**
     * Events (alarm and colour change) go out at QoS 2: a consumer that subscribes at QoS 2 gets each
     * exactly once, across a restart too; one at QoS 1 gets them at QoS 1. Current state stays QoS 1: it is
     * idempotent.
     */
    static final int EVENT_QOS = 2;
    /** How long a confirmation may take before it is reported; the events stay unconfirmed until it comes. */
    private static final long CONFIRM_TIMEOUT_SECONDS = 30;

    private final AlarmOutput output;
    private final AlarmRecorder recorder;
    private final Clock clock;
    private final AlarmJournal journal;
    private final MeterRegistry meters;
    private final RiskBoard risk;
    private final ActiveAlarms active = new ActiveAlarms();
    private final ConcurrentHashMap<String, RiskState> risks = new ConcurrentHashMap<>();
    private final Map<String, Long> watermarks = new HashMap<>();
    private final Map<String, Counter> eventCounters = new HashMap<>();
    private final CopyOnWriteArrayList<AlarmBusListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread = new Thread(this::run, "alarm-bus");
    private final Counter journalFailures;
    /** From an event's hand-over by its shard to its publish on MQTT: the bus's share of alarm latency. */
    private final Timer deliveryDelay;
    private final Timer journalForce;
    private final LongSupplier nanoClock;
    private volatile boolean running = true;
    /** Run first on the bus's thread (its priority); set before the thread starts. */
    private Runnable threadSetup = () -> { };
    private boolean journalBroken;
    /**
     * Events published on MQTT whose delivery is not finished (state, colours, store, listeners), oldest
     * first. Bus thread only.
     */
    private final java.util.ArrayDeque<AlarmEvent> rest = new java.util.ArrayDeque<>();
    /** Events published since the last delivery mark: published again at start if a crash comes first. */
    private final List<AlarmEvent> unconfirmed = new ArrayList<>();
    /** Queued when a confirmation completes: wakes the bus, which then looks at it after the batch. */
    private static final Object CONFIRMED = new Object();
    /**
     * How long a delivery mark may wait in memory for a force of its own. Most go to disk with the next
     * events' force; one made in a quiet moment is forced once the bus has been idle this long, not at
     * once, so an event that comes right after a confirmation never waits behind a force for its mark.
     * A crash before then only publishes those events again at the next start.
     */
    static final long MARK_FORCE_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** When the bus buffered a delivery mark not yet forced; {@code Long.MIN_VALUE} for none. */
    private long markSince = Long.MIN_VALUE;
    /** The session store's confirmation on its way, for the first {@link #confirming} unconfirmed events. */
    private CompletableFuture<Void> confirmation;
    private int confirming;
    private long confirmationSince;
    private boolean confirmBroken;

    /** A bus without a journal or meters (tests, tools). */
    public AlarmBus(List<Site> sites, AlarmOutput output, AlarmRecorder recorder, Clock clock) {
        this(sites, output, recorder, clock, null, null);
    }

    /**
     * @param journal where events are made durable before they are published; null for none
     * @param meters  where delivery is counted; null for none
     */
    public AlarmBus(List<Site> sites, AlarmOutput output, AlarmRecorder recorder, Clock clock, AlarmJournal journal,
                    MeterRegistry meters) {
        this(sites, output, recorder, clock, journal, meters, System::nanoTime);
    }

    /** @param nanoClock monotonic time for {@code hazardgate.alarm.delivery.delay} */
    AlarmBus(List<Site> sites, AlarmOutput output, AlarmRecorder recorder, Clock clock, AlarmJournal journal,
             MeterRegistry meters, LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.output = output;
        this.recorder = recorder;
        this.clock = clock;
        this.journal = journal;
        this.meters = meters;
        this.risk = new RiskBoard(sites);
        for (RiskState r : risk.all()) risks.put(r.topic(), r);
        thread.setDaemon(true);
        if (meters != null) {
            AlarmMetrics.activeAlarms(meters, active, a -> a.all().size());
            journalFailures = AlarmMetrics.journalFailures(meters);
            deliveryDelay = AlarmMetrics.deliveryDelay(meters);
            journalForce = AlarmMetrics.journalForce(meters);
        } else {
            journalFailures = null;
            deliveryDelay = null;
            journalForce = null;
        }
    }

    /** Takes the alarms a previous run left active (from the journal); before {@link #start()}. */
    public void restore(Collection<AlarmEvent> recovered, Map<String, Long> marks) {
        restore(recovered, marks, List.of());
    }

    /**
     * As {@link #restore(Collection, Map)}, with the events the previous run journaled but could not
     * confirm delivered: {@link #start()} publishes them again.
     */
    public void restore(Collection<AlarmEvent> recovered, Map<String, Long> marks, List<AlarmEvent> undelivered) {
        unconfirmed.addAll(undelivered);
        watermarks.putAll(marks);
        for (AlarmEvent e : recovered) {
            active.apply(e);
            RiskState r = risk.apply(e);
            if (r != null) risks.put(r.topic(), r);
        }
    }

    /**
     * Publishes the retained state of every active alarm and every hazard source's colour, so a consumer
     * that connects now sees the whole plant, then starts delivering. Call before the MQTT listener opens.
     */
    public void start() {
        start(() -> { });
    }

    /** As {@link #start()}; {@code threadSetup} runs first on the bus's thread, e.g. to raise its priority. */
    public void start(Runnable threadSetup) {
        this.threadSetup = threadSetup;
        long now = clock.millis();
        Set<String> published = new HashSet<>();
        for (AlarmEvent e : active.all()) {
            if (published.add(e.sensorKey())) {
                output.republish(e.stateTopic(), AlarmEventJson.encode(active.of(e.site(), e.tag()).get(0)), 1, true);
            }
        }
        for (RiskState r : risk.all()) {
            if (!sameAsRetained(r)) output.publish(r.topic(), RiskJson.state(r, now), 1, true);
        }
        if (!unconfirmed.isEmpty()) {
            log.info("Publishing again {} alarm events a crash left unconfirmed (offline consumers that hold one "
                    + "already do not get it twice)", unconfirmed.size());
            for (AlarmEvent e : unconfirmed) output.republish(e.eventTopic(), AlarmEventJson.encode(e), EVENT_QOS, false);
        }
        confirmDelivered();
        thread.start();
    }

    /** Whether the risk kept retained across the restart says the same, but for its time. */
    private boolean sameAsRetained(RiskState r) {
        byte[] kept = output.retained(r.topic());
        if (kept == null) return false;
        String json = new String(kept, java.nio.charset.StandardCharsets.UTF_8);
        int at = json.lastIndexOf("\"ts\":");
        if (at < 0 || !json.endsWith("}")) return false;
        try {
            long ts = Long.parseLong(json.substring(at + 5, json.length() - 1));
            return java.util.Arrays.equals(kept, RiskJson.state(r, ts));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public void onEvent(AlarmEvent event) {
        queue.add(new Queued(event, nanoClock.getAsLong()));
    }

    /** An event and when its shard handed it over. */
    private record Queued(AlarmEvent event, long atNanos) {}

    @Override
    public void afterDelivery(Runnable action) {
        queue.add(action);
    }

    /** Adds a listener; it receives what is delivered from now on. */
    public void addListener(AlarmBusListener l) { listeners.add(l); }

    public void removeListener(AlarmBusListener l) { listeners.remove(l); }

    /** Every active alarm as its latest event, most severe first, then newest first. Any thread. */
    public List<AlarmEvent> activeAlarms() { return active.all(); }

    /** The active alarms of one sensor, most severe first. Any thread. */
    public List<AlarmEvent> activeAlarms(String site, String tag) { return active.of(site, tag); }

    /** Every hazard source's current risk, in configuration order. Any thread. */
    public List<RiskState> risks() {
        List<RiskState> out = new ArrayList<>();
        for (RiskState r : risk.all()) out.add(risks.getOrDefault(r.topic(), r));
        return out;
    }

    /** Takes a reloaded configuration: new hazard sources start green, removed ones are forgotten. */
    public void reload(List<Site> sites) {
        queue.add((Runnable) () -> {
            Set<String> sensors = new HashSet<>();
            for (Site s : sites) for (Sensor sensor : s.sensors()) sensors.add(s.id() + "/" + sensor.tag());
            active.retainSensors(sensors);
            List<RiskState> changed = risk.reload(sites);
            risks.clear();
            long now = clock.millis();
            for (RiskState r : risk.all()) {
                risks.put(r.topic(), r);
                if (changed.contains(r)) output.publish(r.topic(), RiskJson.state(r, now), 1, true);
            }
        });
    }

    private void run() {
        threadSetup.run();
        List<Object> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty() || !rest.isEmpty()) {
            Object first;
            try {
                // with delivery work left, only look whether new events came; else wait for them
                first = rest.isEmpty() ? queue.poll(100, TimeUnit.MILLISECONDS) : queue.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (!rest.isEmpty()) {
                    deliverRest(rest.poll()); // one event's share, then look for new events again
                    if (rest.isEmpty()) compactIfLarge();
                } else {
                    checkConfirmation();
                    forceMarkIfDue();
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            batch.removeIf(item -> item == CONFIRMED); // looked at below, after the batch
            int from = 0;
            for (int i = 0; i < batch.size(); i++) {
                Object item = batch.get(i);
                if (item instanceof Queued q) {
                    journalAppend(q.event());
                } else {
                    flush(batch, from, i);
                    from = i + 1;
                    finishRest(); // a task runs after everything before it is delivered in full
                    runTask((Runnable) item);
                }
            }
            flush(batch, from, batch.size());
            batch.clear();
            checkConfirmation();
            if (rest.isEmpty()) compactIfLarge(); // the active alarms it writes must include every event journaled
        }
        confirmDelivered();
    }

    /**
     * Confirms delivered events without holding the next ones back: the session store's barrier for what
     * was published is awaited off this thread; once it completes, a delivery mark goes into the journal
     * (forced with the next batch, or after {@link #MARK_FORCE_DELAY_NANOS} of quiet), and the next barrier
     * is asked for.
     */
    private void checkConfirmation() {
        if (journal == null) return;
        CompletableFuture<Void> c = confirmation;
        if (c != null) {
            if (!c.isDone()) {
                if (!confirmBroken && System.nanoTime() - confirmationSince > TimeUnit.SECONDS.toNanos(CONFIRM_TIMEOUT_SECONDS)) {
                    if (journalFailures != null) journalFailures.increment();
                    log.error("{} alarm events could not be confirmed with the MQTT session store within {} s; they are "
                            + "published again after a restart", confirming, CONFIRM_TIMEOUT_SECONDS);
                    confirmBroken = true;
                }
                return;
            }
            confirmation = null;
            if (c.isCompletedExceptionally()) {
                if (journalFailures != null) journalFailures.increment();
                if (!confirmBroken) {
                    log.error("{} alarm events could not be confirmed with the MQTT session store ({}); they are published "
                            + "again after a restart", confirming, c.handle((v, ex) -> String.valueOf(ex)).join());
                }
                confirmBroken = true;
                return; // asked again after the next batch
            }
            unconfirmed.subList(0, Math.min(confirming, unconfirmed.size())).clear();
            journal.markDelivered(unconfirmed.size());
            if (markSince == Long.MIN_VALUE) markSince = nanoClock.getAsLong();
            if (confirmBroken) log.info("alarm events are confirmed with the MQTT session store again");
            confirmBroken = false;
        }
        if (!unconfirmed.isEmpty()) {
            confirming = unconfirmed.size();
            confirmationSince = System.nanoTime();
            confirmation = output.persisted();
            confirmation.whenComplete((v, ex) -> queue.add(CONFIRMED));
        }
    }

    /** Forces a buffered delivery mark once it has waited {@link #MARK_FORCE_DELAY_NANOS} with the bus idle. */
    private void forceMarkIfDue() {
        if (markSince == Long.MIN_VALUE || nanoClock.getAsLong() - markSince < MARK_FORCE_DELAY_NANOS) return;
        try {
            journal.commit();
            markSince = Long.MIN_VALUE;
        } catch (IOException ex) {
            if (journalFailures != null) journalFailures.increment();
            markSince = nanoClock.getAsLong(); // tried again after another delay, or with the next events
        }
    }

    private void journalAppend(AlarmEvent e) {
        if (journal != null) journal.append(e);
    }

    /**
     * Makes events [from, to) durable with one force and publishes each on its MQTT topic, which is
     * what the control room waits for; the rest of each event's delivery (current state, colours, the
     * store, listeners) is queued in {@link #rest} and done one event at a time between looks at the
     * queue, so newer events are journaled and published first. Both keep the order the shards made.
     */
    private void flush(List<Object> batch, int from, int to) {
        if (from >= to) return;
        if (journal != null) {
            try {
                long start = nanoClock.getAsLong();
                journal.commit();
                if (journalForce != null) journalForce.record(nanoClock.getAsLong() - start, TimeUnit.NANOSECONDS);
                markSince = Long.MIN_VALUE; // a buffered delivery mark went with it
                journalBroken = false;
            } catch (IOException ex) {
                if (journalFailures != null) journalFailures.increment();
                if (!journalBroken) log.error("alarm journal write failed; alarms are still delivered but not durable", ex);
                journalBroken = true;
            }
        }
        for (int i = from; i < to; i++) {
            Queued q = (Queued) batch.get(i);
            publishEvent(q);
            rest.addLast(q.event());
        }
    }

    private void finishRest() {
        while (!rest.isEmpty()) deliverRest(rest.poll());
    }

    private void publishEvent(Queued q) {
        AlarmEvent e = q.event();
        if (journal != null) unconfirmed.add(e);
        try {
            output.publish(e.eventTopic(), AlarmEventJson.encode(e), EVENT_QOS, false);
        } catch (RuntimeException ex) {
            log.error("failed to publish alarm event {} seq {}", e.id(), e.seq(), ex);
        }
        if (deliveryDelay != null) deliveryDelay.record(nanoClock.getAsLong() - q.atNanos(), TimeUnit.NANOSECONDS);
    }

    private void deliverRest(AlarmEvent e) {
        try {
            AlarmEvent worst = active.apply(e);
            output.publish(e.stateTopic(), worst == null ? EMPTY : AlarmEventJson.encode(worst), 1, true);
            watermarks.merge(e.sensorKey(), e.readingTs(), Math::max);
            RiskState before = risks.get("risk/" + e.site() + "/" + e.source());
            RiskState changed = risk.apply(e);
            recorder.record(e);
            count(e);
            for (AlarmBusListener l : listeners) {
                try {
                    l.onAlarm(e);
                } catch (RuntimeException ex) {
                    log.warn("alarm listener {} failed", l, ex);
                }
            }
            if (changed != null) publishRisk(changed, before == null ? RiskColour.GREEN : before.colour());
        } catch (RuntimeException ex) {
            log.error("failed to deliver alarm event {} seq {}", e.id(), e.seq(), ex);
        }
    }

    private void publishRisk(RiskState r, RiskColour previous) {
        risks.put(r.topic(), r);
        long now = clock.millis();
        output.publish(r.topic(), RiskJson.state(r, now), 1, true);
        if (previous != r.colour()) output.publish(r.eventTopic(), RiskJson.event(r, previous, now), EVENT_QOS, false);
        for (AlarmBusListener l : listeners) {
            try {
                l.onRisk(r, previous);
            } catch (RuntimeException ex) {
                log.warn("alarm listener {} failed", l, ex);
            }
        }
    }

    private void count(AlarmEvent e) {
        if (meters == null) return;
        String key = e.kind().wireName() + "/" + e.colour().wireName() + "/" + e.state().wireName();
        eventCounters.computeIfAbsent(key, k -> AlarmMetrics.events(meters, e.kind().wireName(), e.colour().wireName(),
                e.state().wireName())).increment();
    }

    /**
     * Waits until what was published is on disk with the sessions, then marks it delivered in the journal.
     * On a failure or timeout the events stay unconfirmed: the next batch tries again, a restart publishes
     * them again.
     */
    private void confirmDelivered() {
        if (journal == null || unconfirmed.isEmpty()) return;
        try {
            output.persisted().get(CONFIRM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            journal.markDelivered();
            journal.commit();
            unconfirmed.clear();
            if (confirmBroken) log.info("alarm events are confirmed with the MQTT session store again");
            confirmBroken = false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
            if (journalFailures != null) journalFailures.increment();
            if (!confirmBroken) {
                log.error("{} alarm events could not be confirmed with the MQTT session store ({}); they are published "
                        + "again after a restart", unconfirmed.size(), ex.toString());
            }
            confirmBroken = true;
        }
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException ex) {
            log.error("alarm bus task failed", ex);
        }
    }

    private void compactIfLarge() {
        if (journal == null) return;
        try {
            if (journal.size() > AlarmJournal.COMPACT_BYTES) journal.compact(active.all(), watermarks, unconfirmed);
        } catch (IOException ex) {
            if (journalFailures != null) journalFailures.increment();
            log.error("alarm journal compaction failed; it keeps growing until the next attempt", ex);
        }
    }

    /** Rewrites the journal as the active alarms now (at start, after recovery). */
    public void compactNow() {
        if (journal == null) return;
        try {
            journal.compact(active.all(), watermarks, unconfirmed);
        } catch (IOException ex) {
            log.error("alarm journal compaction failed", ex);
        }
    }

    /** Delivers what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                log.error("closing the alarm journal failed", e);
            }
        }
    }
}
