package io.hazardgate.response;

import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.config.response.ChannelSettings;
import io.hazardgate.config.response.DutyRoster;
import io.hazardgate.config.response.NotifyRoute;
import io.hazardgate.config.response.Person;
import io.hazardgate.config.response.ResponseSettings;
import io.hazardgate.config.rules.EscalationPlan;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decides who is told of an alarm event, how, and in what words: the first route that matches the event
 * names roles, teams and people (the roster gives who is on duty now), each told on the route's channels;
 * an escalation tells the person the alarm engine named, on the route's escalation channels; systems hear
 * of every transition. Each person told of an unacknowledged alarm gets a one-time acknowledgement link.
 * A plan is recorded as one outbox record, then handed to the channels. Tailings items' warnings are
 * planned by {@link ItemWarnings} with the same parts. Runs on the response thread only.
 */
final class Planner {
    /** Bytes of randomness in an acknowledgement link: 256 bits, not guessable. */
    static final int TOKEN_BYTES = 32;

    private final ResponseSettings settings;
    private final Supplier<List<Site>> sites;
    private final Ledger ledger;
    private final Clock clock;
    private final MessageText text;
    private final Consumer<Notice> lanes;
    private final Consumer<Notice> skipped;
    private final SecureRandom random = new SecureRandom();
    private final ItemWarnings itemWarnings;
    private volatile String linkBase;

    Planner(ResponseSettings settings, Supplier<List<Site>> sites, Ledger ledger, Clock clock, MessageText text,
            Consumer<Notice> lanes, Consumer<Notice> skipped, String linkBase) {
        this.settings = settings;
        this.sites = sites;
        this.ledger = ledger;
        this.clock = clock;
        this.text = text;
        this.lanes = lanes;
        this.skipped = skipped;
        this.linkBase = linkBase;
        this.itemWarnings = new ItemWarnings(this, settings, ledger, clock, text);
    }

    void linkBase(String base) { this.linkBase = base; }

    /** See {@link ItemWarnings#knownRisks}. */
    void knownRisks(List<RiskState> risks) { itemWarnings.knownRisks(risks); }

    /** See {@link ItemWarnings#escalate}. */
    void escalateItems() throws IOException { itemWarnings.escalate(); }

    /** See {@link ItemWarnings#risk}. */
    void risk(RiskState now) throws IOException { itemWarnings.risk(now); }

    /** Plans what an alarm transition tells; an event already planned (seen again after a restart) tells nothing. */
    void alarm(AlarmEvent e) throws IOException {
        if (ledger.plannedSeq(e.id()) >= e.seq()) return;
        String cause = switch (e.state()) {
            case RAISED -> "raised";
            case ESCALATED -> "escalated";
            case ACK_OVERDUE -> "ack_overdue";
            case ACKNOWLEDGED -> "acknowledged";
            case CLEARED -> "cleared";
            default -> null;
        };
        if (cause != null) plan(e, cause);
    }

    /**
     * After a restart: every active alarm whose latest transition was never planned (the gateway stopped
     * between journaling the alarm and recording its notices) is told now, as it stands.
     */
    void reconcile(List<AlarmEvent> active) throws IOException {
        for (AlarmEvent e : active) {
            long planned = ledger.plannedSeq(e.id());
            if (planned >= e.seq()) continue;
            if (planned == 0 && !e.acknowledged()) plan(e, "raised");
            if (e.state() == AlarmState.ACK_OVERDUE && !e.acknowledged()) plan(e, "ack_overdue");
        }
    }

    private void plan(AlarmEvent e, String cause) throws IOException {
        Site site = site(e.site());
        HazardSource source = site == null ? null : site.hazardSource(e.source());
        String colour = e.colour().wireName();
        NotifyRoute route = settings.route("alarm", e.site(), e.source(), colour, e.kind().wireName());
        if (route == null) return;
        long now = clock.millis();
        List<Notice> notices = new ArrayList<>();
        List<Ledger.Token> tokens = new ArrayList<>();
        boolean linkable = !e.acknowledged() && (cause.equals("raised") || cause.equals("escalated") || cause.equals("ack_overdue"));
        List<Target> people = switch (cause) {
            case "raised", "escalated" -> resolve(route.tell(), e.site(), source, now);
            case "ack_overdue" -> escalationTarget(e, source);
            case "cleared" -> route.cleared() ? resolve(route.tell(), e.site(), source, now) : List.of();
            default -> List.of();
        };
        List<String> channels = cause.equals("ack_overdue") ? route.escalateVia() : route.via();
        MessageText.Subject subject = subject(e, cause, site, source, "");
        for (Target t : people) {
            String link = "";
            if (t.person() != null && linkable) link = token(e.id(), e.site(), t.person(), tokens, now);
            MessageText.Subject s = withReason(subject, t.reason());
            if (t.person() == null) {
                notices.add(notice(e, cause, colour, t.role(), "", t.reason(), "", "", now, s, "", "", facts(e, t.reason()), t.skipped()));
                continue;
            }
            for (String c : channels) {
                ChannelSettings ch = settings.channels().get(c);
                String address = t.person().address(ch.type());
                String skipped = address.isEmpty() ? "no " + (ch.type() == ChannelSettings.Type.SMTP ? "e-mail address" : "phone number")
                        + " for " + t.person().id() : "";
                String l = ch.type() == ChannelSettings.Type.VOICE ? "" : link;
                notices.add(notice(e, cause, colour, t.person().id(), t.person().name(), t.reason(), c, address, now, s, text.text(s, ch.type(), l),
                        l, facts(e, t.reason()), skipped));
            }
        }
        for (String c : route.systems()) {
            notices.add(notice(e, cause, colour, c, c, "system", c, "", now, withReason(subject, "system"),
                    text.text(withReason(subject, "system"), ChannelSettings.Type.SMTP, ""), "", facts(e, "system"), ""));
        }
        record(e.id(), e.seq(), now, notices, tokens);
    }

    void record(String alarm, long seq, long now, List<Notice> notices, List<Ledger.Token> tokens) throws IOException {
        if (notices.isEmpty()) return;
        ledger.plan(new Ledger.Plan(alarm, seq, now, notices, tokens));
        for (Notice n : notices) {
            if (n.isSkipped()) skipped.accept(n);
            else lanes.accept(n);
        }
    }

    /** A person to tell and why; without a person, the role nobody fills. */
    record Target(Person person, String role, String reason, String skipped) {}

    List<Target> resolve(List<String> tell, String siteId, HazardSource source, long now) {
        Map<String, Target> out = new LinkedHashMap<>();
        for (String who : tell) {
            if (EscalationPlan.ROLES.contains(who)) {
                String name = source == null ? "" : source.responsible().person(who);
                Person p = settings.personNamed(name);
                if (p == null) {
                    out.putIfAbsent("role:" + who, new Target(null, who, who, "no " + who + " configured for hazard source "
                            + (source == null ? "?" : source.id())));
                } else {
                    add(out, p, who);
                }
            } else if (who.equals(NotifyRoute.DUTY)) {
                DutyRoster roster = settings.roster(siteId);
                if (roster == null) {
                    out.putIfAbsent("role:duty", new Target(null, "duty", "duty", "no duty roster for site " + siteId));
                    continue;
                }
                DutyRoster.Shift shift = roster.shiftAt(java.time.Instant.ofEpochMilli(now));
                for (String id : shift.people()) add(out, settings.person(id), "duty (" + shift.name() + ")");
            } else if (settings.teams().containsKey(who)) {
                for (String id : settings.teams().get(who)) add(out, settings.person(id), "team " + who);
            } else {
                add(out, settings.person(who), "named");
            }
        }
        return List.copyOf(out.values());
    }

    private static void add(Map<String, Target> out, Person p, String reason) {
        Target t = out.get(p.id());
        out.put(p.id(), t == null ? new Target(p, reason, reason, "") : new Target(p, t.role(), t.reason() + ", " + reason, ""));
    }

    private List<Target> escalationTarget(AlarmEvent e, HazardSource source) {
        if (e.escalation() == null) return List.of();
        String role = e.escalation().role();
        String reason = "escalation " + e.escalation().step() + ": " + role;
        Person p = settings.personNamed(e.escalation().person());
        if (p == null) {
            return List.of(new Target(null, role, reason, "no " + role + " configured for hazard source " + e.source()));
        }
        return List.of(new Target(p, role, reason, ""));
    }

    String token(String alarm, String siteId, Person p, List<Ledger.Token> tokens, long now) {
        String base = linkBase;
        if (base == null || base.isEmpty()) return "";
        byte[] raw = new byte[TOKEN_BYTES];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        tokens.add(new Ledger.Token(hash(token), alarm, siteId, p.id(), p.name(), now + settings.linkLifetime().toMillis(), now));
        return base + "/ack/" + token;
    }

    /** The SHA-256 of a link's secret part: what the outbox keeps and looks links up by. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 unavailable", ex);
        }
    }

    private Notice notice(AlarmEvent e, String cause, String colour, String recipient, String name, String reason, String channel,
                          String address, long now, MessageText.Subject s, String body, String link, Map<String, Object> facts,
                          String skipped) {
        return new Notice(ledger.nextNoticeId(), e.id(), e.seq(), cause, e.site(), e.source(), e.tag(), colour, recipient, name, reason,
                channel, address, now, text.title(s), body, link, facts, skipped);
    }

    private MessageText.Subject subject(AlarmEvent e, String cause, Site site, HazardSource source, String reason) {
        Sensor sensor = site == null ? null : site.sensors().stream().filter(x -> x.tag().equals(e.tag())).findFirst().orElse(null);
        String escalatedTo = e.escalation() == null || !cause.equals("ack_overdue") ? ""
                : text.reason(e.escalation().role()) + " " + e.escalation().person();
        return new MessageText.Subject(cause, e.colour().wireName(), e.kind().wireName(), e.site(), site == null ? e.site() : site.name(),
                e.source(), source == null ? e.source() : source.name(), e.tag(), sensor == null ? "" : sensor.name(),
                MessageText.fmt(e.value()), e.limitName(), MessageText.fmt(e.limit()), e.unit() == null ? "" : e.unit(), e.eventTs(),
                e.id(), reason, e.acknowledged(), e.ack() == null ? "" : e.ack().by(), escalatedTo, "");
    }

    static MessageText.Subject withReason(MessageText.Subject s, String reason) {
        return new MessageText.Subject(s.cause(), s.colour(), s.kind(), s.site(), s.siteName(), s.source(), s.sourceName(), s.tag(),
                s.pointName(), s.value(), s.limitName(), s.limit(), s.unit(), s.ts(), s.alarm(), reason, s.acknowledged(), s.ackBy(),
                s.escalatedTo(), s.detail());
    }

    private static Map<String, Object> facts(AlarmEvent e, String reason) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("event", "alarm");
        f.put("id", e.id());
        f.put("seq", e.seq());
        f.put("state", e.state().wireName());
        f.put("site", e.site());
        f.put("source", e.source());
        f.put("tag", e.tag());
        f.put("rule", e.rule());
        f.put("kind", e.kind().wireName());
        f.put("colour", e.colour().wireName());
        f.put("level", e.level());
        if (Double.isFinite(e.value())) f.put("value", e.value());
        if (Double.isFinite(e.limit())) f.put("limit", e.limit());
        f.put("limitName", e.limitName());
        f.put("unit", e.unit());
        f.put("message", e.message());
        f.put("eventTs", e.eventTs());
        f.put("raisedTs", e.raisedTs());
        f.put("acknowledged", e.acknowledged());
        if (e.ack() != null) f.put("ackBy", e.ack().by());
        if (e.escalation() != null) {
            f.put("escalation", Map.of("step", e.escalation().step(), "role", e.escalation().role(), "person", e.escalation().person()));
        }
        f.put("reason", reason);
        return f;
    }

    Site site(String id) {
        for (Site s : sites.get()) if (s.id().equals(id)) return s;
        return null;
    }
}
