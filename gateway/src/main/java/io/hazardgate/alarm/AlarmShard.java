package io.hazardgate.alarm;

import io.hazardgate.record.Bytes;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that owns one {@link AlarmEvaluator}. Readings and commands (acknowledgements, device
 * status, reloads) reach it through one queue, so they are applied in arrival order by the only thread
 * that touches its sensors. Once a second it runs the evaluator's timed work, and between batches it
 * writes a slice of the state snapshot into memory for the snapshot writer.
 *
 * <p>The timed work goes through the queue too, behind what is already there, and judges at the time
 * read when it was queued: every reading handed over (and so acknowledged to its sender) before that
 * instant is evaluated first, so a point is never judged silent while its reading waits in the queue.
 */
final class AlarmShard implements AutoCloseable {
    /** Time to evaluate one record (all its readings): the alarm hot path's latency. */
    private final Timer evaluateTime;
    /** Work run on the shard's thread with its evaluator. */
    interface Task {
        void run(AlarmEvaluator evaluator);
    }

    static final long TICK_MS = 1000;
    private static final Logger log = LoggerFactory.getLogger(AlarmShard.class);
    private static final int DRAIN_BATCH = 256;

    private final AlarmEvaluator evaluator;
    private final Clock clock;
    private final BooleanSupplier ingestPaused;
    private final StateSnapshots snapshots;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger records = new AtomicInteger();
    private final Thread thread;
    private final Runnable afterBatch;
    private volatile boolean running = true;
    /** Run first on the shard's thread (its priority); set before the thread starts. */
    private Runnable threadSetup = () -> { };
    /** When the loop queues the next tick; and whether one it queued is still waiting. Shard thread only. */
    private long nextTick;
    private boolean tickQueued;

    /** @param afterBatch run on the shard's thread after each batch of queued work and each idle wait (the engine's overload check) */
    AlarmShard(AlarmEvaluator evaluator, Clock clock, BooleanSupplier ingestPaused, StateSnapshots snapshots,
               Timer evaluateTime, Runnable afterBatch) {
        this.evaluateTime = evaluateTime;
        this.afterBatch = afterBatch;
        this.evaluator = evaluator;
        this.clock = clock;
        this.ingestPaused = ingestPaused;
        this.snapshots = snapshots;
        this.thread = new Thread(this::run, "alarm-shard-" + evaluator.shard());
        this.thread.setDaemon(true);
    }

    void start() {
        start(() -> { });
    }

    /** @param threadSetup run first on the shard's thread, e.g. to raise its priority */
    void start(Runnable threadSetup) {
        this.threadSetup = threadSetup;
        evaluator.start(clock.millis());
        thread.start();
    }

    boolean started() { return thread.isAlive(); }

    AlarmEvaluator evaluator() { return evaluator; }

    /** Reading records waiting. */
    int depth() { return records.get(); }

    /** Never blocks: the queue is unbounded and the engine checks {@link #depth()} first. */
    void put(Bytes record) {
        records.incrementAndGet();
        queue.add(record);
    }

    /** Runs {@code task} on the shard's thread after everything queued before it. */
    void submit(Task task) { queue.add(task); }

    /**
     * Queues the timed work (no-data, escalation, flapping) at the clock's time now, behind everything
     * queued before: it judges silence only after the readings that arrived before it.
     */
    void tickAt(long now) {
        queue.add(new Tick(now));
    }

    /** The timed work at {@code at}, in the queue. */
    private record Tick(long at) {}

    private void run() {
        threadSetup.run();
        List<Object> batch = new ArrayList<>(DRAIN_BATCH);
        nextTick = clock.millis() + TICK_MS;
        StateSnapshots.Cursor snapshot = null;
        while (running || !queue.isEmpty()) {
            try {
                Object first = queue.poll(snapshot != null ? 0 : 100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, DRAIN_BATCH - 1);
                    for (int i = 0; i < batch.size(); i++) handle(batch.get(i));
                    batch.clear();
                }
                afterBatch.run();
                long now = clock.millis();
                if (running && !tickQueued && now >= nextTick) {
                    tickQueued = true;
                    tickAt(now);
                }
                if (snapshot == null) snapshot = snapshots.due(evaluator, now);
                if (snapshot != null && snapshot.step()) snapshot = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("alarm shard {} failed a timed task", evaluator.shard(), e);
            }
        }
    }

    private void handle(Object item) {
        if (item instanceof Tick t) {
            try {
                evaluator.tick(t.at(), ingestPaused.getAsBoolean());
            } catch (RuntimeException e) {
                log.error("alarm shard {} failed a timed task", evaluator.shard(), e);
            }
            tickQueued = false;
            nextTick = Math.max(nextTick, t.at() + TICK_MS);
        } else if (item instanceof Bytes rec) {
            records.decrementAndGet();
            long start = System.nanoTime();
            try {
                evaluator.evaluate(rec);
                evaluateTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            } catch (RuntimeException e) {
                log.error("alarm evaluation failed for a record on shard {}", evaluator.shard(), e);
            } finally {
                rec.release();
            }
        } else {
            try {
                ((Task) item).run(evaluator);
            } catch (RuntimeException e) {
                log.error("alarm shard {} failed a command", evaluator.shard(), e);
            }
        }
    }

    /** Finishes what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
