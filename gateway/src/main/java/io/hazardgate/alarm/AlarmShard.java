package io.hazardgate.alarm;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The thread that owns one {@link AlarmEvaluator}; readings reach it through a queue. */
final class AlarmShard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlarmShard.class);
    private static final int DRAIN_BATCH = 256;

    private final AlarmEvaluator evaluator;
    private final LinkedBlockingQueue<ByteBuf> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    AlarmShard(AlarmEvaluator evaluator) {
        this.evaluator = evaluator;
        this.thread = new Thread(this::run, "alarm-shard-" + evaluator.shard());
        this.thread.setDaemon(true);
    }

    void start() { thread.start(); }

    AlarmEvaluator evaluator() { return evaluator; }

    int depth() { return queue.size(); }

    /** Never blocks: the queue is unbounded and the engine checks {@link #depth()} first. */
    void put(ByteBuf record) { queue.add(record); }

    private void run() {
        List<ByteBuf> batch = new ArrayList<>(DRAIN_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                ByteBuf first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, DRAIN_BATCH - 1);
                for (int i = 0; i < batch.size(); i++) {
                    ByteBuf rec = batch.get(i);
                    try {
                        evaluator.evaluate(rec);
                    } catch (RuntimeException e) {
                        log.error("alarm evaluation failed for a record on shard {}", evaluator.shard(), e);
                    } finally {
                        rec.release();
                    }
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Finishes what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
