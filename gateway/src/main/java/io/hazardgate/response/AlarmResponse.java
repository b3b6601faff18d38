package io.hazardgate.response;

import io.hazardgate.alarm.delivery.AlarmBusListener;
import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.config.response.ChannelSettings;
import io.hazardgate.config.response.DutyRoster;
import io.hazardgate.config.response.Person;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarm response: the right people are told at once, and the gateway can prove it. Listens to the alarm
 * bus (never slowing it: events go into a bounded queue for the response thread), plans who is told
 * what ({@link Planner}), keeps every plan, message and attempt in a durable outbox ({@link Ledger}) and
 * sends through one thread per channel ({@link Lane}). Acknowledgement links and shift hand-over come
 * back through here to the alarm engine.
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
    /** An incoming operator may take over this long before their shift starts. */
    static final long HANDOVER_EARLY_MS = 3_600_000L;
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
    private final Map<String, Counter> refusedLinks;
    private final java.util.function.Consumer<byte[]> store;
    private volatile boolean running = true;
    private volatile boolean catchUp;
    private long nextCompactionCheck;
    private final Map<String, Counter> handovers;
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
        refusedLinks = ResponseMetrics.refusedLinks(meters);
        handovers = ResponseMetrics.handovers(meters);
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

    // ---- acknowledgement links

    /** What a link stands for, for the page that asks to confirm; never changes anything. */
    public record LinkInfo(String state, String alarm, String site, String personName, long expires, AlarmEvent event) {}

    /** Looks a link up without using it ({@code GET}: mail scanners open links, so looking must not acknowledge). */
    public LinkInfo link(String token) {
        if (!wellFormed(token)) return new LinkInfo("unknown", "", "", "", 0, null);
        String hash = Planner.hash(token);
        Ledger.Token t = ledger.token(hash);
        if (t == null) return new LinkInfo("unknown", "", "", "", 0, null);
        String state = ledger.tokenUse(hash) != null ? "used" : clock.millis() >= t.expires() ? "expired" : "valid";
        AlarmEvent e = activeAlarms.get().stream().filter(x -> x.id().equals(t.alarm())).findFirst().orElse(null);
        return new LinkInfo(state, t.alarm(), t.site(), t.personName(), t.expires(), e);
    }

    /** How using a link went. */
    public record LinkResult(String outcome, String alarm, String personName, String message) {}

    /**
     * Uses a link once: records the use, then acknowledges the alarm as the person the link was sent to.
     * A second use, an expired link and a link the gateway never made are refused (and counted).
     */
    public CompletionStage<LinkResult> acknowledge(String token) {
        if (!wellFormed(token)) return CompletableFuture.completedFuture(refused("unknown"));
        String[] why = new String[1];
        Ledger.Token t;
        try {
            t = ledger.useToken(Planner.hash(token), clock.millis(), why);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new UncheckedIOException("the outbox cannot record the link's use", e));
        }
        if (t == null) return CompletableFuture.completedFuture(refused(why[0]));
        if (t.alarm().startsWith(Planner.RISK_PREFIX)) {
            // a tailings item's warning is not an alarm of the engine: the recorded use is its acknowledgement, and ends its ladder
            return CompletableFuture.completedFuture(new LinkResult("acknowledged", t.alarm(), t.personName(), "acknowledged"));
        }
        return acknowledger.acknowledge(t.alarm(), t.personName(), "acknowledged by link sent to " + t.personName()).thenApply(r ->
                switch (r.outcome()) {
                    case ACKNOWLEDGED -> new LinkResult("acknowledged", t.alarm(), t.personName(), "acknowledged");
                    case ALREADY_ACKNOWLEDGED -> new LinkResult("already_acknowledged", t.alarm(), t.personName(), r.message());
                    default -> new LinkResult("not_active", t.alarm(), t.personName(), r.message());
                });
    }

    private LinkResult refused(String why) {
        refusedLinks.get(why).increment();
        return new LinkResult(why, "", "", switch (why) {
            case "used" -> "this link has been used already: each link acknowledges once";
            case "expired" -> "this link has expired";
            default -> "no such link";
        });
    }

    /** A link token as the planner makes them: 43 base64url characters. Anything else is not looked up. */
    private static boolean wellFormed(String token) {
        return token != null && token.length() == 43 && token.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }

    // ---- duty roster and hand-over

    /** Who is on duty at a site now, and when the shift changes; null without a roster. */
    public record Duty(String site, String zone, String shift, List<String> people, String nextShift, List<String> nextPeople,
                       long nextChange) {}

    public Duty duty(String site) {
        DutyRoster r = settings.roster(site);
        if (r == null) return null;
        Instant now = clock.instant();
        DutyRoster.Shift cur = r.shiftAt(now);
        long change = r.nextChange(now).toInstant().toEpochMilli();
        DutyRoster.Shift next = r.shiftAt(Instant.ofEpochMilli(change));
        return new Duty(site, r.zone().getId(), cur.name(), names(cur), next.name(), names(next), change);
    }

    private List<String> names(DutyRoster.Shift s) {
        List<String> out = new ArrayList<>();
        for (String id : s.people()) out.add(settings.person(id).name());
        return out;
    }

    /** How a hand-over went: {@code ok}, or {@code refused} with the reason. */
    public record HandoverResult(String outcome, String reason, Handover handover) {}

    /**
     * The incoming operator takes over a site: they must be on the roster for the shift on duty now, or for
     * the next one if it starts within the hour. Every open alarm of the site that nobody acknowledged is
     * acknowledged in their name; the hand-over is recorded with both lists.
     */
    public CompletionStage<HandoverResult> handover(String site, String user, String comment) {
        return handoverInner(site, user, comment).thenApply(r -> {
            handovers.get(r.outcome()).increment();
            return r;
        });
    }

    private CompletionStage<HandoverResult> handoverInner(String site, String user, String comment) {
        DutyRoster r = settings.roster(site);
        if (r == null) return CompletableFuture.completedFuture(new HandoverResult("refused", "site " + site + " has no duty roster", null));
        Instant now = clock.instant();
        DutyRoster.Shift shift = r.shiftAt(now);
        Person p = onShift(shift, user);
        if (p == null) {
            long change = r.nextChange(now).toInstant().toEpochMilli();
            DutyRoster.Shift next = r.shiftAt(Instant.ofEpochMilli(change));
            if (change - now.toEpochMilli() <= HANDOVER_EARLY_MS && (p = onShift(next, user)) != null) shift = next;
        }
        if (p == null) {
            return CompletableFuture.completedFuture(new HandoverResult("refused", "user " + user + " is not on the "
                    + shift.name() + " shift of site " + site + " (nor on the next one, starting within the hour)", null));
        }
        Person person = p;
        DutyRoster.Shift taken = shift;
        String note = "shift hand-over: " + taken.name() + " taken over by " + person.name() + (comment == null || comment.isBlank() ? "" : " (" + comment.strip() + ")");
        List<String> acked = new ArrayList<>();
        List<String> before = new ArrayList<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (AlarmEvent e : activeAlarms.get()) {
            if (!e.site().equals(site)) continue;
            if (e.acknowledged()) {
                before.add(e.id());
                continue;
            }
            all.add(acknowledger.acknowledge(e.id(), person.name(), note).toCompletableFuture().thenAccept(res -> {
                synchronized (acked) {
                    if (res.outcome() == AckResult.Outcome.ACKNOWLEDGED) acked.add(e.id());
                    else if (res.outcome() == AckResult.Outcome.ALREADY_ACKNOWLEDGED) before.add(e.id());
                }
            }));
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).thenApply(v -> {
            Handover h;
            synchronized (acked) {
                h = new Handover(site, taken.name(), user, person.name(), clock.millis(), List.copyOf(acked), List.copyOf(before),
                        comment == null ? "" : comment.strip());
            }
            try {
                ledger.handover(h);
            } catch (IOException e) {
                throw new UncheckedIOException("the hand-over was done but could not be recorded", e);
            }
            log.info("site {}: {} shift taken over by {} ({}); {} alarms acknowledged", site, taken.name(), person.name(), user,
                    h.acknowledged().size());
            return new HandoverResult("ok", "", h);
        });
    }

    private Person onShift(DutyRoster.Shift s, String user) {
        for (String id : s.people()) {
            Person p = settings.person(id);
            if (!p.user().isEmpty() && p.user().equals(user)) return p;
        }
        return null;
    }

    /** The latest hand-overs of a site (all sites when null), newest first. */
    public List<Handover> handovers(String site, int limit) { return ledger.handovers(site, limit); }

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
