package io.hazardgate.clock;

import io.hazardgate.config.ClockSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the wall clock every trend, no-data judgement and stored timestamp depends on.
 * <ul>
 *   <li><b>Synchronisation</b>: every {@value #PROBE_EVERY_S} s the operating system is asked whether
 *       the clock is synchronised ({@link SyncProbe}). "Not synchronised" raises the fault
 *       {@code clock/sync} until it is synchronised again; an unknown answer changes nothing.</li>
 *   <li><b>Jumps</b>: every second the wall clock is compared with the monotonic clock, which no one
 *       sets. A step between them larger than {@code maxJump} (an operator setting the time, an NTP
 *       client stepping instead of slewing, a VM resumed) raises {@code clock/jump}, held for
 *       {@code jumpHold} after the last jump: readings around it carry suspect timestamps and no-data
 *       timers may have fired early or late. NTP's slewing (at most 0.5 ms/s) never adds up to a jump,
 *       because each check compares with the one before.</li>
 * </ul>
 * Both show on {@code /ready} ({@link #status()}) and as gateway-level fault alarms ({@link FaultSink}).
 */
public final class ClockWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClockWatch.class);
    /** The alarm tag of the clock's faults. */
    public static final String TAG = "clock";
    public static final String SYNC_RULE = "sync";
    public static final String JUMP_RULE = "jump";
    static final long PROBE_EVERY_S = 60;

    /** Where the watch raises and clears its faults (the alarm subsystem's gateway faults). */
    public interface FaultSink {
        void raise(String rule, String cause, String message);

        void clear(String rule, String message);
    }

    /** The clock check of {@code /ready}. */
    public record Status(boolean ok, String detail) {}

    private final ClockSettings settings;
    private final Clock wall;
    private final LongSupplier monotonicNanos;
    private final SyncProbe probe;
    private final FaultSink sink;
    private ScheduledExecutorService timer;

    private final Object lock = new Object();
    private SyncProbe.Answer sync = new SyncProbe.Answer(ClockSync.UNKNOWN, "not asked yet");
    private boolean haveOffset;
    private long offsetMs;
    private long lastJumpMono;
    private long lastJumpMs;
    private long lastJumpAt;
    private boolean jumpActive;

    public ClockWatch(ClockSettings settings, Clock wall, LongSupplier monotonicNanos, SyncProbe probe, FaultSink sink) {
        this.settings = settings;
        this.wall = wall;
        this.monotonicNanos = monotonicNanos;
        this.probe = settings.ntpCheck() ? probe : SyncProbe.OFF;
        this.sink = sink;
    }

    /** Checks now, then every second (jumps) and every minute (synchronisation), on a thread of its own. */
    public void start() {
        checkNow();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clock-watch");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkJump, 1, 1, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::checkSync, PROBE_EVERY_S, PROBE_EVERY_S, TimeUnit.SECONDS);
    }

    /** Both checks, on the calling thread. */
    public void checkNow() {
        checkJump();
        checkSync();
    }

    /** Compares the wall clock with the monotonic clock since the last check. */
    public void checkJump() {
        try {
            long mono = monotonicNanos.getAsLong();
            long now = wall.millis();
            long offset = now - mono / 1_000_000;
            String raise = null;
            String clear = null;
            synchronized (lock) {
                if (haveOffset) {
                    long step = offset - offsetMs;
                    if (Math.abs(step) > settings.maxJump().toMillis()) {
                        lastJumpMono = mono;
                        lastJumpMs = step;
                        lastJumpAt = now;
                        jumpActive = true;
                        raise = "the gateway's clock jumped " + describe(step) + " at " + Instant.ofEpochMilli(now)
                                + " (against the monotonic clock); timestamps and no-data timers around it are suspect";
                    } else if (jumpActive && mono - lastJumpMono > settings.jumpHold().toNanos()) {
                        jumpActive = false;
                        clear = "no clock jump for " + settings.jumpHold().toMinutes() + " min";
                    }
                }
                offsetMs = offset;
                haveOffset = true;
            }
            if (raise != null) {
                log.warn("Clock: {}", raise);
                sink.raise(JUMP_RULE, "jump", raise);
            }
            if (clear != null) sink.clear(JUMP_RULE, clear);
        } catch (RuntimeException e) {
            log.warn("clock jump check failed", e);
        }
    }

    /** Asks the operating system whether the clock is synchronised; may block a few seconds. */
    public void checkSync() {
        SyncProbe.Answer a;
        try {
            a = probe.probe();
        } catch (RuntimeException e) {
            a = new SyncProbe.Answer(ClockSync.UNKNOWN, "probe failed: " + e);
        }
        SyncProbe.Answer before;
        synchronized (lock) {
            before = sync;
            sync = a;
        }
        if (a.sync() == ClockSync.UNSYNCHRONISED) {
            if (before.sync() != ClockSync.UNSYNCHRONISED) log.warn("Clock: {} says the clock is not synchronised", a.source());
            sink.raise(SYNC_RULE, "unsynchronised", "the operating system (" + a.source()
                    + ") reports the gateway's clock is not synchronised: readings' arrival times, trends and no-data "
                    + "judgements may drift");
        } else if (a.sync() == ClockSync.SYNCHRONISED) {
            sink.clear(SYNC_RULE, "the clock is synchronised again (" + a.source() + ")");
        }
    }

    /** Not ok while the OS says unsynchronised or a jump is held; unknown synchronisation is ok. */
    public Status status() {
        synchronized (lock) {
            StringBuilder d = new StringBuilder();
            boolean ok = true;
            switch (sync.sync()) {
                case SYNCHRONISED -> d.append("synchronised (").append(sync.source()).append(')');
                case UNSYNCHRONISED -> {
                    ok = false;
                    d.append("NOT synchronised (").append(sync.source()).append(')');
                }
                default -> d.append("synchronisation unknown (").append(sync.source()).append(')');
            }
            if (jumpActive) {
                ok = false;
                d.append("; jumped ").append(describe(lastJumpMs)).append(" at ").append(Instant.ofEpochMilli(lastJumpAt));
            }
            return new Status(ok, d.toString());
        }
    }

    private static String describe(long stepMs) {
        return (stepMs >= 0 ? "forward " : "back ") + String.format(Locale.ROOT, "%.1f s", Math.abs(stepMs) / 1000.0);
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
