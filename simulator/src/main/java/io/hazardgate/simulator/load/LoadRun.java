package io.hazardgate.simulator.load;

import io.hazardgate.simulator.mqtt.PahoClients;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * One load run: connects the counting subscriber (if any) and the publishing clients, publishes at the
 * planned rate until the duration or the message count is reached, waits for outstanding
 * acknowledgements and deliveries, and returns what was measured.
 */
public final class LoadRun {
    /** How long the counting subscriber may stay silent before the run stops waiting for it. */
    static final long SUBSCRIBER_QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final LoadSettings settings;
    private final PrintStream progress;
    private final List<LoadClient> publishers = new ArrayList<>();
    private volatile boolean stopped;
    private volatile long refusedByGateway;
    private volatile String firstRefusal;
    private volatile boolean refusalsWatched;

    private final PrintStream warnings;

    /** @param progress where the live progress line goes, or {@code null} */
    public LoadRun(LoadSettings settings, PrintStream progress) {
        this(settings, progress, progress);
    }

    /** @param warnings where a refusal by the gateway is said at once, even without progress; or {@code null} */
    public LoadRun(LoadSettings settings, PrintStream progress, PrintStream warnings) {
        this.settings = settings;
        this.progress = progress;
        this.warnings = warnings;
    }

    /** Ends publishing early (Ctrl-C); {@link #run()} still drains and reports. */
    public void stop() {
        stopped = true;
        synchronized (publishers) {
            publishers.forEach(LoadClient::stop);
        }
    }

    public LoadResult run() throws InterruptedException {
        LoadStats stats = new LoadStats();
        SubscribeCounter counter = null;
        AlarmLatencyProbe probe = null;
        GatewayRefusals refusals = null;
        List<MqttAsyncClient> clients = new ArrayList<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-progress");
            t.setDaemon(true);
            return t;
        });
        try {
            if (settings.subscribeFilter() != null) {
                counter = SubscribeCounter.start(settings.broker(), "sim-" + settings.naming().site() + "-count-" + ProcessHandle.current().pid(),
                        settings.subscribeFilter(), settings.subscribeQos());
            }
            if (settings.alarmEvery() > 0) {
                probe = AlarmLatencyProbe.start(settings.broker(), "sim-" + settings.naming().site() + "-alarms-" + ProcessHandle.current().pid(),
                        settings.naming().site());
            }
            refusals = GatewayRefusals.start(settings.broker(), "sim-" + settings.naming().site() + "-errors-" + ProcessHandle.current().pid(),
                    settings.naming().site(), warnings);
            int[][] devicesOf = assignDevices();
            MqttConnectOptions options = PahoClients.options(settings.broker(), settings.maxInflight(), true);
            for (int i = 0; i < settings.clients(); i++) {
                clients.add(PahoClients.create(settings.broker(), settings.clientId(i, devicesOf[i][0])));
            }
            PahoClients.connectAll(clients, c -> options);

            RatePlan plan = settings.plan();
            PayloadTemplate template = new PayloadTemplate(settings.naming().tagPrefix(), settings.readingsPerMessage());
            int windows = settings.sensorsPerDevice() / settings.readingsPerMessage();
            long startMillis = System.currentTimeMillis();
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            synchronized (publishers) {
                for (int i = 0; i < clients.size(); i++) {
                    AlarmTriggers triggers = probe == null ? null
                            : new AlarmTriggers(probe, settings.alarmEvery(), (int) ((long) i * settings.alarmEvery() / clients.size()),
                                    devicesOf[i].length, windows, settings.naming());
                    LoadClient p = new LoadClient(clients.get(i), devicesOf[i], settings.naming(), windows, settings.qos(),
                            settings.maxInflight(), plan.share(i, clients.size()), start + stagger(plan, i), template,
                            settings.seed() + i, stats, triggers);
                    publishers.add(p);
                    if (stopped) p.stop();
                    Thread t = new Thread(p, "load-publisher-" + (i + 1));
                    t.setDaemon(true);
                    threads.add(t);
                }
            }
            LoadSampler sampler = new LoadSampler(stats, counter, plan, start, settings.readingsPerMessage(), progress);
            timer.scheduleAtFixedRate(() -> sampler.sample(true), 1, 1, TimeUnit.SECONDS);
            threads.forEach(Thread::start);

            long end = settings.duration() == null ? Long.MAX_VALUE : start + settings.duration().toNanos();
            for (Thread t : threads) {
                long left = end - System.nanoTime();
                if (end != Long.MAX_VALUE && left > 0) TimeUnit.NANOSECONDS.timedJoin(t, left);
                else if (end == Long.MAX_VALUE) t.join();
            }
            stop();
            for (Thread t : threads) t.join();
            long publishEnd = System.nanoTime();

            long drainDeadline = System.nanoTime() + settings.drainTimeout().toNanos();
            while (stats.inFlight() > 0 && System.nanoTime() < drainDeadline) Thread.sleep(10);
            if (counter != null) {
                long expected = settings.qos() == 1 ? stats.ackedCount() : stats.publishedCount();
                counter.awaitSettled(expected, SUBSCRIBER_QUIET_NANOS, Math.max(0, drainDeadline - System.nanoTime()) + SUBSCRIBER_QUIET_NANOS);
            }
            AlarmLatency alarms = null;
            if (probe != null) {
                probe.awaitAll(Math.max(0, drainDeadline - System.nanoTime()) + SUBSCRIBER_QUIET_NANOS);
                probe.awaitCleared(SUBSCRIBER_QUIET_NANOS);
                alarms = probe.result();
            }
            timer.shutdown();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            sampler.sample(false);
            refusedByGateway = refusals.count();
            firstRefusal = refusals.first();
            refusalsWatched = refusals.watched();

            long lastAck = stats.lastAckNanos();
            return new LoadResult(settings, startMillis, (publishEnd - start) / 1e9,
                    lastAck == Long.MIN_VALUE ? 0 : (lastAck - start) / 1e9, stats.publishedCount(), stats.ackedCount(),
                    stats.failedCount(), stats.refusedCount(), stats.connectionsLostCount(), stats.inFlight(), sampler.samples(),
                    sampler.ackTotal(), counter == null ? -1 : counter.messages(), counter == null ? null : sampler.deliveryTotal(),
                    counter == null || counter.messages() == 0 ? 0 : (counter.lastArrivalNanos() - start) / 1e9, alarms);
        } finally {
            timer.shutdownNow();
            clients.forEach(PahoClients::close);
            if (counter != null) counter.close();
            if (probe != null) probe.close();
            if (refusals != null) refusals.close();
        }
    }

    /** Messages the gateway said it refused ({@code plant/{site}/+/errors}); 0 against any other broker. */
    public long refusedByGateway() { return refusedByGateway; }

    /** The first refusal's reason, or null. */
    public String firstRefusal() { return firstRefusal; }

    /** Whether the broker let this run read the site's error topics. */
    public boolean refusalsWatched() { return refusalsWatched; }

    /**
     * Publisher {@code i}'s schedule starts this much after the run's, so that publishers at the same
     * rate take turns, one every 1 / rate, as independent loggers would, instead of all publishing in
     * the same instant once per interval.
     */
    static long stagger(RatePlan plan, int i) {
        return plan.unlimitedRate() ? 0 : (long) (i * 1e9 / plan.perSecond());
    }

    /** Device {@code d} goes to client {@code d mod clients}. */
    private int[][] assignDevices() {
        int c = settings.clients();
        int[][] out = new int[c][];
        for (int i = 0; i < c; i++) {
            int n = settings.devices() / c + (i < settings.devices() % c ? 1 : 0);
            out[i] = new int[n];
            for (int k = 0; k < n; k++) out[i][k] = i + k * c;
        }
        return out;
    }
}
