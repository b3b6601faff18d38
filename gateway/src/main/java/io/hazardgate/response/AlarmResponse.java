package io.hazardgate.response;

import io.hazardgate.alarm.delivery.AlarmBusListener;
import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.config.response.ChannelSettings;
import io.hazardgate.config.response.ResponseSettings;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.response.channel.Delivery;
import io.hazardgate.response.channel.HttpSender;
import io.hazardgate.response.channel.MqttSender;
import io.hazardgate.response.channel.Sender;
import io.hazardgate.response.channel.SmtpSender;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarm response: the right people are told at once, and the gateway can prove it. Listens to the alarm
 * bus (never slowing it: events go into a bounded queue for the response thread), plans who is told
 * what ({@link Planner}), keeps every plan, message and attempt in a durable outbox ({@link Ledger}) and
 * sends through one thread per channel ({@link Lane}). Acknowledgement links ({@link AckLinks}) and shift
 * hand-over ({@link ShiftHandover}) come back through here to the alarm engine.
 *
 * <pre>{@code
 * AlarmResponse r = AlarmResponse.open(settings, sites, dataDir.resolve("response"), clock, meters, mqtt::publish, acks, active);
 * alarms.addListener(r);          // before the alarm bus starts
 * r.start(alarms.activeAlarms(), alarms.risks(), "http://127.0.0.1:8080");
 * }</pre>
 */
public final class AlarmResponse implements AlarmBusListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlarmResponse.class);
    /** Events waiting for the response thread; beyond this they are counted and caught up from the active alarms. */
    static final int MAX_QUEUED = 65_536;
    /** How often the response thread looks whether the outbox file should be compacted. */
    static final long COMPACTION_CHECK_MS = 3_600_000L;

    /** Acknowledges an alarm in the engine: alarm id, who, comment. */
    @FunctionalInterface
    public interface Acknowledger {
        CompletionStage<AckResult> acknowledge(String alarmId, String who, String comment);
    }

    private final ResponseSettings settings;
    private final Ledger ledger;
    private final Clock clock;
    private final MessageText text;
    private final Planner planner;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final Acknowledger acknowledger;
    private final Supplier<List<AlarmEvent>> activeAlarms;
    private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final Thread thread = new Thread(this::run, "response-planner");
    private final Counter overflow;
    private final Counter planFailures;
    private final Map<String, Counter> attempts;
    private final java.util.function.Consumer<byte[]> store;
    private volatile boolean running = true;
    private volatile boolean catchUp;
    private long nextCompactionCheck;
    private final AckLinks links;
    private final ShiftHandover shifts;
    private volatile List<Site> sites;

    private AlarmResponse(ResponseSettings settings, List<Site> sites, Ledger ledger, Clock clock, MeterRegistry meters,
                          MqttSender.Publisher mqtt, Acknowledger acknowledger, Supplier<List<AlarmEvent>> activeAlarms,
                          java.util.function.Consumer<byte[]> store) {
        this.settings = settings;
        this.store = store;
        this.sites = sites;
        this.ledger = ledger;
        this.clock = clock;
        this.acknowledger = acknowledger;
        this.activeAlarms = activeAlarms;
        this.text = new MessageText(settings);
        for (ChannelSettings c : settings.channels().values()) {
            Sender sender = switch (c.type()) {
                case SMTP -> new SmtpSender(c);
                case SMS, VOICE, WEBHOOK -> new HttpSender(c);
                case MQTT -> new MqttSender(c, mqtt);
            };
            lanes.put(c.name(), new Lane(c, sender, ledger, clock, text, settings, this::attempted));
        }
        this.planner = new Planner(settings, () -> this.sites, ledger, clock, text, this::toLane, this::skipped, settings.link());
        thread.setDaemon(true);
        overflow = ResponseMetrics.queueOverflow(meters);
        planFailures = ResponseMetrics.planFailures(meters);
        ResponseMetrics.backlog(meters, lanes, ls -> ls.values().stream().mapToLong(Lane::backlog).sum());
        attempts = ResponseMetrics.attempts(meters, lanes.keySet());
        links = new AckLinks(ledger, clock, acknowledger, activeAlarms, ResponseMetrics.refusedLinks(meters));
        shifts = new ShiftHandover(settings, ledger, clock, acknowledger, activeAlarms, ResponseMetrics.handovers(meters));
    }

    /**
     * Opens the outbox under {@code dir} and the channels; nothing is sent before {@link #start}.
     *
     * @param mqtt         publishes on the gateway's own broker (mqtt channels)
     * @param acknowledger the alarm engine's acknowledgement (links and hand-over)
     * @param activeAlarms the alarm bus's active alarms (hand-over, catching up)
     * @param store        takes each delivery record (JSON) to the time-series store, with the alarm's events
     */
    public static AlarmResponse open(ResponseSettings settings, List<Site> sites, Path dir, Clock clock, MeterRegistry meters,
                                     MqttSender.Publisher mqtt, Acknowledger acknowledger, Supplier<List<AlarmEvent>> activeAlarms,
                                     java.util.function.Consumer<byte[]> store) {
        try {
            Ledger ledger = Ledger.open(dir, clock.millis(), settings.history().toMillis());
            if (ledger.truncatedBytes() > 0) log.warn("notification outbox: cut off a torn tail of {} bytes after a crash", ledger.truncatedBytes());
            return new AlarmResponse(settings, sites, ledger, clock, meters, mqtt, acknowledger, activeAlarms, store);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the notification outbox in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts telling: what a previous run left in the outbox goes out first, then alarms that were active
     * but never planned (a crash between the alarm and its notices), then what the bus delivers.
     *
     * @param active   the active alarms the alarm bus restored
     * @param risks    the colours it restored (only rises from here on are told)
     * @param linkBase the gateway's HTTP address for acknowledgement links, used when the config gives none
     */
    public void start(List<AlarmEvent> active, List<RiskState> risks, String linkBase) {
        if (settings.link().isEmpty()) planner.linkBase(linkBase);
        for (Message m : ledger.unfinishedMessages()) {
            Lane l = lanes.get(m.channel());
            if (l != null) l.resume(m, ledger.attemptsOf(m.id()));
            else log.error("message {} waits for channel {}, which is no longer configured", m.id(), m.channel());
        }
        for (Notice n : ledger.waitingNotices()) toLane(n);
        planner.knownRisks(risks);
        List<AlarmEvent> restored = List.copyOf(active);
        queue.offer((Runnable) () -> {
            try {
                planner.reconcile(restored);
            } catch (IOException e) {
                planFailures.increment();
                log.error("could not plan notices for alarms left unplanned by the previous run", e);
            }
        });
        for (Lane l : lanes.values()) l.start();
        thread.start();
    }

    private void toLane(Notice n) {
        Lane l = lanes.get(n.channel());
        if (l != null) l.offer(n);
        else log.error("notice {} waits for channel {}, which is no longer configured", n.id(), n.channel());
    }

    // ---- the alarm bus's side: never blocks

    @Override
    public void onAlarm(AlarmEvent event) {
        if (!queue.offer(event)) {
            overflow.increment();
            catchUp = true;
        }
    }

    @Override
    public void onRisk(RiskState now, RiskColour previous) {
        if (now.items().isEmpty()) return;
        if (!queue.offer(now)) overflow.increment();
    }

    /** Takes reloaded sites (names in messages, hazard sources' responsible persons). */
    public void reload(List<Site> next) { this.sites = next; }

    private void run() {
        while (running || !queue.isEmpty()) {
            Object item;
            try {
                item = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = clock.millis();
            if (now >= nextCompactionCheck) {
                nextCompactionCheck = now + COMPACTION_CHECK_MS;
                try {
                    if (ledger.compactIfLarge(now, settings.history().toMillis())) log.info("notification outbox compacted");
                } catch (IOException e) {
                    log.error("notification outbox compaction failed; it keeps growing until the next try", e);
                }
            }
            try {
                planner.escalateItems();
            } catch (IOException e) {
                planFailures.increment();
                log.error("notification outbox write failed while escalating a monitoring item's warning; tried again shortly", e);
            } catch (RuntimeException e) {
                planFailures.increment();
                log.error("escalating monitoring item warnings failed", e);
            }
            if (item == null) {
                if (catchUp) {
                    catchUp = false;
                    item = (Runnable) () -> {
                        try {
                            planner.reconcile(activeAlarms.get());
                        } catch (IOException e) {
                            planFailures.increment();
                            log.error("could not catch up notices after a queue overflow", e);
                        }
                    };
                } else {
                    continue;
                }
            }
            try {
                if (item instanceof AlarmEvent e) planner.alarm(e);
                else if (item instanceof RiskState r) planner.risk(r);
                else ((Runnable) item).run();
            } catch (IOException e) {
                planFailures.increment();
                catchUp = true;
                log.error("notification outbox write failed; the active alarms are caught up once it works again", e);
            } catch (RuntimeException e) {
                planFailures.increment();
                log.error("planning notices failed for {}", item, e);
            }
        }
    }

    private void attempted(String channel, Delivery.Outcome outcome, Message m, Attempt a) {
        attempts.get(channel + "/" + outcome.wireName()).increment();
        for (long id : m.notices()) {
            Notice n = ledger.notice(id);
            if (n != null) toStore(n, m.id(), a.n(), a.ts(), a.outcome(), a.detail());
        }
    }

    /** A notice that could not be sent at all: on record in the store too. */
    private void skipped(Notice n) {
        toStore(n, 0, 0, n.createdTs(), "skipped", n.skipped());
    }

    private void toStore(Notice n, long message, int attempt, long ts, String outcome, String detail) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ts", ts);
        r.put("alarm", n.alarm());
        r.put("site", n.site());
        r.put("source", n.source());
        r.put("tag", n.tag());
        r.put("channel", n.channel().isEmpty() ? "none" : n.channel());
        r.put("outcome", outcome);
        r.put("notice", n.id());
        r.put("message", message);
        r.put("attempt", attempt);
        r.put("cause", n.cause());
        r.put("colour", n.colour());
        r.put("recipient", n.recipient());
        r.put("reason", n.reason());
        r.put("detail", detail);
        try {
            store.accept(Ledger.JSON.writeValueAsBytes(r));
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            log.warn("delivery record of notice {} not stored: {}", n.id(), e.toString());
        }
    }

    /** Looks at the clock now: after a test moved its clock. */
    public void wake() {
        for (Lane l : lanes.values()) l.wake();
    }

    // ---- the delivery record

    /** Who was told what about an alarm and how it went, oldest first. */
    public List<DeliveryRecord> deliveries(String alarmId) { return ledger.deliveries(alarmId); }

    /** The newest delivery records between {@code from} and {@code to}, optionally of one site. */
    public List<DeliveryRecord> deliveries(long from, long to, String site, int limit) {
        return ledger.deliveries(from, to, site, limit);
    }

    /** Notices waiting or being retried, over all channels. */
    public long backlog() { return lanes.values().stream().mapToLong(Lane::backlog).sum(); }

    /** Acknowledgement links: looking one up, using it once. */
    public AckLinks links() { return links; }

    /** The duty roster on each site, and shift hand-over. */
    public ShiftHandover shifts() { return shifts; }

    /** Stops planning (after what is queued) and sending; what is unsent stays in the outbox for the next start. */
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
        for (Lane l : lanes.values()) l.close();
        try {
            ledger.close();
        } catch (IOException e) {
            log.warn("closing the notification outbox failed", e);
        }
    }
}
