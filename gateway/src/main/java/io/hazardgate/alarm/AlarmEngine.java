package io.hazardgate.alarm;

import io.hazardgate.alarm.delivery.AlarmJournal;
import io.hazardgate.alarm.delivery.AlarmMetrics;
import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.alarm.lifecycle.AlarmId;
import io.hazardgate.alarm.lifecycle.AlarmListener;
import io.hazardgate.alarm.rules.RuleSpecs;
import io.hazardgate.alarm.state.LatestReading;
import io.hazardgate.config.IngestSettings;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.DeviceStatusSink;
import io.hazardgate.record.ReadingSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The alarm hot path: one shard thread per partition of the sensors, each owning its sensors' state.
 * Ingest hands a record to every shard that owns one of its readings; if any of those shards is too far
 * behind, the record is refused as a whole rather than evaluated by some shards and not others.
 *
 * <p>Overload: once a shard has {@link #overloadAt()} records waiting, the engine tells its
 * {@link #overloadListener} (the gateway stops reading MQTT connections: TCP backpressure holds the
 * loggers back) and tells it again once every shard is down to {@link #resumeAt()}. A record that comes
 * all the same while a shard it needs holds {@link #queueLimit()} is refused ({@link #offer} says false)
 * and must not be acknowledged.
 *
 * <p>Everything else that touches a sensor's state (acknowledgements, a device going offline, a
 * configuration reload) is queued to the owning shard too, so each state has exactly one writer and the
 * hot path takes no locks. Reads from other threads ({@link #latest}) go through the published copy.
 */
public final class AlarmEngine implements ReadingSink, DeviceStatusSink, AutoCloseable {
    /** Records queued per shard beyond which new messages are refused until it catches up. */
    public static final int MAX_QUEUED_RECORDS = 16_384;
    /** Above this share of the limit, reading stops; below {@link #RESUME_FRACTION} of it, it resumes. */
    static final double OVERLOAD_FRACTION = 0.5;
    static final double RESUME_FRACTION = 0.25;
    /** Longest text an acknowledgement keeps: operators write a sentence, not an essay. */
    public static final int MAX_ACK_COMMENT = 500;
    public static final int MAX_ACK_WHO = 64;
    static final long RELOAD_PAUSE_TIMEOUT_S = 30;

    private final AlarmShard[] shards;
    private final AlarmListener listener;
    private final Clock clock;
    private final StateSnapshots snapshots;
    private final List<AlarmEvent> pendingOrphans = new ArrayList<>();
    private final long maxSkewMs;
    private final AtomicBoolean overloaded = new AtomicBoolean();
    private final Counter overloads;
    private volatile SensorIndex index;
    private volatile BooleanSupplier ingestPaused = () -> false;
    private volatile Runnable overloadListener = () -> { };
    private volatile int queueLimit = MAX_QUEUED_RECORDS;
    private volatile boolean started;

    public AlarmEngine(SensorIndex index, AlarmListener listener, Clock clock, MeterRegistry meters) {
        this(index, listener, clock, meters, StateSnapshots.none(), IngestSettings.DEFAULT_MAX_CLOCK_SKEW.toMillis());
    }

    /** @param maxSkewMs a reading stamped further ahead of its arrival than this is never judged (ingest.maxClockSkew) */
    AlarmEngine(SensorIndex index, AlarmListener listener, Clock clock, MeterRegistry meters, StateSnapshots snapshots,
                long maxSkewMs) {
        this.index = index;
        this.listener = listener;
        this.clock = clock;
        this.snapshots = snapshots;
        this.maxSkewMs = maxSkewMs;
        RuleSpecs specs = new RuleSpecs();
        shards = new AlarmShard[index.shardCount()];
        this.overloads = AlarmMetrics.overloads(meters);
        AlarmMetrics.overloaded(meters, overloaded, b -> b.get() ? 1 : 0);
        for (int s = 0; s < shards.length; s++) {
            AlarmShard shard = new AlarmShard(new AlarmEvaluator(s, index, listener, clock, specs, maxSkewMs), clock,
                    () -> ingestPaused.getAsBoolean(), snapshots,
                    AlarmMetrics.evaluateTime(meters, s), this::caughtUp);
            shards[s] = shard;
            AlarmMetrics.shardGauges(meters, s, shard, AlarmShard::depth, sh -> sh.evaluator().evaluated(),
                    sh -> sh.evaluator().late(), sh -> sh.evaluator().stale(), sh -> sh.evaluator().duplicates(),
                    sh -> sh.evaluator().future());
        }
        AlarmMetrics.snapshotGauges(meters, snapshots, StateSnapshots::written, StateSnapshots::dropped);
    }

    /** While this says true (the gateway refuses readings: its log is full or failed), no point is judged silent. */
    public void ingestPaused(BooleanSupplier paused) { this.ingestPaused = paused; }

    /**
     * Told when {@link #overloaded()} changes: it turns true when a shard falls {@link #overloadAt()}
     * records behind, false once every shard is back to {@link #resumeAt()}. Called from an event loop
     * or a shard thread, possibly two at once: it must not block, and must read {@link #overloaded()}
     * rather than assume which way it changed.
     */
    public void overloadListener(Runnable listener) { this.overloadListener = listener; }

    /** Whether the shards are so far behind that ingest should stop reading. */
    public boolean overloaded() { return overloaded.get(); }

    /** Records a shard may hold; beyond, {@link #offer} refuses. */
    public int queueLimit() { return queueLimit; }

    /** Records waiting in one shard at which the engine reports overload. */
    public int overloadAt() { return Math.max(1, (int) (queueLimit * OVERLOAD_FRACTION)); }

    /** Records waiting in the fullest shard at which the engine reports it has caught up. */
    public int resumeAt() { return (int) (queueLimit * RESUME_FRACTION); }

    /** Records waiting in all shards. */
    int queuedRecords() {
        int n = 0;
        for (AlarmShard s : shards) n += s.depth();
        return n;
    }

    /** A smaller bound, so a test fills the queues without sending tens of thousands of messages. */
    void queueLimit(int records) { this.queueLimit = records; }

    /** Puts back what a previous run left (snapshots in {@code dir}, the journal's alarms); before {@link #start()}. */
    void restore(java.nio.file.Path dir, AlarmJournal.Recovered journal) throws java.io.IOException {
        pendingOrphans.addAll(AlarmRestore.restore(evaluators(), dir, journal, clock.millis(), maxSkewMs));
    }

    public void start() {
        start(() -> { });
    }

    /** @param threadSetup run first on each shard's thread, e.g. to raise its priority */
    public void start(Runnable threadSetup) {
        snapshots.start(clock.millis());
        for (AlarmShard s : shards) s.start(threadSetup);
        started = true;
        for (AlarmEvent e : pendingOrphans) listener.onEvent(e);
        pendingOrphans.clear();
    }

    @Override
    public boolean offer(Bytes record, long shardMask) {
        int limit = queueLimit;
        for (long m = shardMask; m != 0; m &= m - 1) {
            if (shards[Long.numberOfTrailingZeros(m)].depth() >= limit) return false;
        }
        int deepest = 0;
        for (long m = shardMask; m != 0; m &= m - 1) {
            AlarmShard s = shards[Long.numberOfTrailingZeros(m)];
            s.put(record.retainedView());
            deepest = Math.max(deepest, s.depth());
        }
        if (deepest >= overloadAt() && !overloaded.get() && overloaded.compareAndSet(false, true)) {
            overloads.increment();
            overloadListener.run();
            caughtUp(); // the shard may have emptied its queue before the flag was up, and then look no more
        }
        return true;
    }

    /** On each shard's loop: once every shard is back to {@link #resumeAt()}, reading may resume. */
    private void caughtUp() {
        if (!overloaded.get()) return;
        int resume = resumeAt();
        for (AlarmShard s : shards) {
            if (s.depth() > resume) return;
        }
        if (overloaded.compareAndSet(true, false)) overloadListener.run();
    }

    /**
     * Stops every shard after what it has queued until the returned hold is released: records queue up
     * meanwhile, as they would behind a shard stalled by a slow disk or a long collection pause. For
     * tests of overload; the shards do nothing else while held.
     */
    AutoCloseable hold() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(shards.length);
        CountDownLatch release = new CountDownLatch(1);
        for (AlarmShard s : shards) {
            s.submit(e -> {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        held.await();
        return release::countDown;
    }

    /**
     * Acknowledges an alarm occurrence. The acknowledgement is applied by the shard that owns the alarm
     * and completes once its {@code acknowledged} event is journaled and published. The future's
     * dependent actions run on the common pool, never on an alarm thread.
     *
     * @param who     the operator, 1 to {@value #MAX_ACK_WHO} characters
     * @param comment up to {@value #MAX_ACK_COMMENT} characters; null for none
     */
    public CompletableFuture<AckResult> acknowledge(String alarmId, String who, String comment) {
        String text = comment == null ? "" : comment.strip();
        if (who == null || who.isBlank()) return done(AckResult.invalid(alarmId, "who must name the operator who acknowledges"));
        if (who.length() > MAX_ACK_WHO) return done(AckResult.invalid(alarmId, "who is longer than " + MAX_ACK_WHO + " characters"));
        if (text.length() > MAX_ACK_COMMENT) {
            return done(AckResult.invalid(alarmId, "comment is longer than " + MAX_ACK_COMMENT + " characters"));
        }
        AlarmId id = AlarmId.parse(alarmId);
        if (id == null) return done(AckResult.invalid(alarmId, "'" + alarmId + "' is not an alarm id (site:tag:rule:millis)"));
        SensorIndex idx = index;
        int sensor = idx.find(id.site(), id.tag());
        if (sensor < 0) return done(AckResult.unknown(alarmId));
        CompletableFuture<AckResult> result = new CompletableFuture<>();
        String operator = who.strip();
        long now = clock.millis(); // the operator's act, however long the shard takes to get to it
        shards[idx.shardOf(sensor)].submit(e -> {
            AckResult r = e.acknowledge(id, operator, text, now);
            if (r.outcome() == AckResult.Outcome.ACKNOWLEDGED) e.listener().afterDelivery(() -> result.complete(r));
            else result.complete(r);
        });
        return result.thenApplyAsync(Function.identity());
    }

    private static CompletableFuture<AckResult> done(AckResult r) {
        return CompletableFuture.completedFuture(r);
    }

    /** The newest reading the engine evaluated for a sensor, read from any thread without slowing the shard. */
    public Optional<LatestReading> latest(String site, String tag) {
        SensorIndex idx = index;
        int id = idx.find(site, tag);
        if (id < 0) return Optional.empty();
        return Optional.ofNullable(shards[idx.shardOf(id)].evaluator().latest(site, tag));
    }

    @Override
    public void deviceOffline(String site, String device) {
        long now = clock.millis();
        for (AlarmShard s : shards) s.submit(e -> e.deviceOffline(site, device, now));
    }

    /** The sensor index in force. */
    public SensorIndex index() { return index; }

    /**
     * Applies a new configuration generation: every shard pauses at a barrier, the states are rebuilt
     * for {@code next} (unchanged sensors keep theirs as they are, changed ones keep what still applies,
     * alarms of removed rules and sensors end with a "cleared" event), and the shards resume. Blocks the
     * calling thread (a configuration thread) for as long as that takes; readings queue meanwhile.
     *
     * @throws IllegalStateException when the shards did not all pause within 30 s (nothing changed)
     */
    public void reload(SensorIndex next) {
        if (next.shardCount() != shards.length) throw new IllegalArgumentException("a reload cannot change the shard count");
        if (!started) {
            rebind(next);
            return;
        }
        CountDownLatch paused = new CountDownLatch(shards.length);
        CountDownLatch resume = new CountDownLatch(1);
        for (AlarmShard s : shards) {
            s.submit(e -> {
                paused.countDown();
                boolean interrupted = false;
                while (true) {
                    try {
                        resume.await();
                        break;
                    } catch (InterruptedException ex) {
                        interrupted = true;
                    }
                }
                if (interrupted) Thread.currentThread().interrupt();
            });
        }
        try {
            if (!paused.await(RELOAD_PAUSE_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new IllegalStateException("alarm shards did not pause for the reload within " + RELOAD_PAUSE_TIMEOUT_S + " s");
            }
            rebind(next);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reloading alarm rules", e);
        } finally {
            resume.countDown();
        }
    }

    /** Rebuilds every shard's states for {@code next}; the shards are paused (or not started). */
    private void rebind(SensorIndex next) {
        StateCarry.rebind(evaluators(), next);
        index = next;
    }

    /** Completes once everything queued so far has been evaluated and the events it made delivered. */
    CompletableFuture<Void> flush() {
        CompletableFuture<?>[] all = new CompletableFuture<?>[shards.length];
        for (int i = 0; i < shards.length; i++) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            all[i] = f;
            shards[i].submit(e -> e.listener().afterDelivery(() -> f.complete(null)));
        }
        return CompletableFuture.allOf(all);
    }

    /**
     * Runs the timed work (no-data, escalation, flapping) on every shard at the clock's time now, rather
     * than at its next second, after what each shard has queued.
     */
    void tickNow() {
        long now = clock.millis();
        for (AlarmShard s : shards) s.tickAt(now);
    }

    List<AlarmEvaluator> evaluators() {
        List<AlarmEvaluator> out = new ArrayList<>();
        for (AlarmShard s : shards) out.add(s.evaluator());
        return out;
    }

    /** Stops the shards after what is queued, then writes a final state snapshot. */
    @Override
    public void close() {
        for (AlarmShard s : shards) s.close();
        snapshots.close();
        if (started) snapshots.writeAll(evaluators());
    }
}
