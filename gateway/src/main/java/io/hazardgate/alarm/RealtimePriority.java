package io.hazardgate.alarm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the thread that calls {@link #applyHere()} at a real-time priority (Linux SCHED_FIFO), for the
 * alarm path's threads when {@code alarms.realtimePriority} asks for it: a woken shard or bus then takes
 * a core at once instead of waiting behind the store, the log and the JIT for its turn. While they have
 * work queued (a backlog of readings, a flood of alarms) they keep their cores, and other threads get
 * only what the kernel's real-time throttling leaves ({@code kernel.sched_rt_runtime_us}, 5 % by
 * default): that is why it is off by default.
 *
 * <p>Java has no call for it, so the thread finds its own id in {@code /proc/thread-self} and hands it
 * to {@code chrt} (util-linux), then reads its policy back from {@code /proc}. It needs CAP_SYS_NICE
 * (root) or an RTPRIO limit of at least the priority ({@code LimitRTPRIO=} of a systemd service); when
 * it is refused, the gateway says so once, with the reason, and the thread runs on at normal priority.
 */
public final class RealtimePriority {
    private static final Logger log = LoggerFactory.getLogger(RealtimePriority.class);
    /** {@code SCHED_FIFO}, as /proc reports a thread's policy. */
    static final int SCHED_FIFO = 1;
    /** How long a thread waits for {@code chrt} before it runs on at normal priority. */
    static final long CHRT_TIMEOUT_SECONDS = 5;

    private final int priority;
    private final String chrt;
    private final List<Integer> raised = new CopyOnWriteArrayList<>();
    private final AtomicBoolean refusalReported = new AtomicBoolean();
    private volatile String refusal;

    /** @param priority 1 to 99; 0 leaves threads alone */
    public RealtimePriority(int priority) {
        this(priority, Files.isExecutable(Path.of("/usr/bin/chrt")) ? "/usr/bin/chrt" : "chrt");
    }

    /** @param chrt the program that sets the policy (a test names one that is not there) */
    RealtimePriority(int priority, String chrt) {
        if (priority < 0 || priority > 99) throw new IllegalArgumentException("real-time priority must be 0 to 99, got " + priority);
        this.priority = priority;
        this.chrt = chrt;
    }

    /** Threads this raised (they live as long as the alarm engine). */
    public int raised() { return raised.size(); }

    /** The kernel's ids of the threads this raised, as in {@code /proc/<pid>/task/<tid>}. */
    public List<Integer> raisedThreadIds() { return List.copyOf(raised); }

    /** Why the last attempt was refused, or null. */
    public String refusal() { return refusal; }

    /**
     * Raises the calling thread; never throws, and waits at most {@link #CHRT_TIMEOUT_SECONDS} for
     * {@code chrt}. Returns whether it now runs at the priority.
     */
    public boolean applyHere() {
        if (priority == 0) return false;
        String name = Thread.currentThread().getName();
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return refused(name, "real-time priority is set only on Linux, this is " + System.getProperty("os.name"));
        }
        Process p = null;
        try {
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            p = new ProcessBuilder(chrt, "--fifo", "--reset-on-fork", "--pid", Integer.toString(priority), tid)
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            // chrt says a line at most: the pipe holds it until it exits, so wait first, then read
            if (!p.waitFor(CHRT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                return refused(name, chrt + " did not finish within " + CHRT_TIMEOUT_SECONDS + " s");
            }
            String out;
            try (var in = p.getInputStream()) {
                out = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            if (p.exitValue() != 0) return refused(name, out.isEmpty() ? chrt + " exited with " + p.exitValue() : out);
            int[] policy = policyHere();
            if (policy[0] != SCHED_FIFO || policy[1] != priority) {
                return refused(name, "the thread reports policy " + policy[0] + " priority " + policy[1] + " after " + chrt);
            }
            raised.add(Integer.parseInt(tid));
            log.info("{} runs at real-time priority {} (SCHED_FIFO)", name, priority);
            return true;
        } catch (IOException | RuntimeException e) {
            return refused(name, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refused(name, "interrupted");
        } finally {
            if (p != null && p.isAlive()) p.destroyForcibly();
        }
    }

    /** The calling thread's scheduling policy and real-time priority, from /proc. */
    static int[] policyHere() throws IOException {
        return policy(Files.readString(Path.of("/proc/thread-self/stat")));
    }

    /** Policy and real-time priority from a {@code /proc/.../stat} line (fields 41 and 40; the name may hold spaces). */
    static int[] policy(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // f[0] is field 3 (state): field n is f[n - 3]
        return new int[] {Integer.parseInt(f[41 - 3]), Integer.parseInt(f[40 - 3])};
    }

    private boolean refused(String thread, String why) {
        refusal = why;
        if (refusalReported.compareAndSet(false, true)) {
            log.warn("The alarm threads run at normal priority: real-time priority {} for {} was refused ({}). "
                    + "Alarms may then wait for a core behind the rest of the gateway under load. Grant CAP_SYS_NICE "
                    + "or an RTPRIO limit of at least {} (systemd: LimitRTPRIO={}), or set alarms.realtimePriority: 0 "
                    + "to run them at normal priority without this warning.", priority, thread, why, priority, priority);
        }
        return false;
    }
}
