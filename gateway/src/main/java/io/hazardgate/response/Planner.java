package io.hazardgate.response;

import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.config.response.ChannelSettings;
import io.hazardgate.config.response.DutyRoster;
import io.hazardgate.config.response.NotifyRoute;
import io.hazardgate.config.response.Person;
import io.hazardgate.config.response.ResponseSettings;
import io.hazardgate.config.rules.EscalationPlan;
import io.hazardgate.config.rules.RiskColour;
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
import java.util.HashMap;
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
 * A plan is recorded as one outbox record, then handed to the channels. Runs on the response thread only.
 */
final class Planner {
    /** Bytes of randomness in an acknowledgement link: 256 bits, not guessable. */
    static final int TOKEN_BYTES = 32;
    /** How a tailings monitoring item's warnings are keyed in the outbox: {@code risk:site/source/item}. */
    static final String RISK_PREFIX = "risk:";

    private final ResponseSettings settings;
    private final Supplier<List<Site>> sites;
    private final Ledger ledger;
    private final Clock clock;
    private final MessageText text;
    private final Consumer<Notice> lanes;
    private final Consumer<Notice> skipped;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Map<String, RiskColour>> items = new HashMap<>();
    /** Item warnings told and not yet acknowledged, by key: each climbs its colour's ladder as an alarm does. */
    private final Map<String, OpenItem> openItems = new LinkedHashMap<>();
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
    }

    void linkBase(String base) { this.linkBase = base; }

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

    /**
     * Remembers the item colours the alarm bus restored, so only rises from here on are told; an item warning
     * told before the restart and not acknowledged goes on up its ladder from the step it had reached.
     */
    void knownRisks(List<RiskState> risks) {
        for (RiskState r : risks) {
            items.put(r.topic(), itemColours(r));
            for (RiskState.ItemRisk it : r.items()) {
                if (!it.escalated()) continue;
                String key = itemKey(r.site(), r.source().id(), it.type());
                long raised = -1;
                for (Notice n : ledger.noticesOf(key)) {
                    if (n.cause().equals("risk") && n.colour().equals(it.colour().wireName())) raised = n.createdTs();
                }
                if (raised < 0 || ledger.itemAcknowledged(key, raised)) continue;
                java.util.Set<String> steps = new java.util.HashSet<>();
                for (Notice n : ledger.noticesOf(key)) {
                    if (n.cause().equals("risk_overdue") && n.createdTs() >= raised && n.reason().startsWith("escalation ")) steps.add(n.reason());
                }
                List<EscalationPlan.Step> ladder = ladder(r.site(), r.source().id(), it.type(), it.colour());
                if (steps.size() < ladder.size()) {
                    openItems.put(key, new OpenItem(key, r.site(), r.source().id(), it.type(), it.colour(), raised, ladder, steps.size()));
                }
            }
        }
    }

    /** A monitoring item's warning waiting for acknowledgement: {@code done} steps of its ladder told. */
    private record OpenItem(String key, String site, String source, String item, RiskColour colour, long raisedTs,
                            List<EscalationPlan.Step> steps, int done) {}

    static String itemKey(String site, String source, String item) { return RISK_PREFIX + site + "/" + source + "/" + item; }

    /**
     * The ladder of an item's warning at {@code colour}: its points' (the first point of the item, as the site
     * file resolved its escalation), so an item escalates as its alarms would at that colour.
     */
    private List<EscalationPlan.Step> ladder(String siteId, String source, String item, RiskColour colour) {
        Site site = site(siteId);
        if (site == null) return List.of();
        for (Sensor s : site.sensors()) {
            if (s.source().equals(source) && s.type().wireName().equals(item)) return s.rules().escalation().steps(colour.level());
        }
        return List.of();
    }

    /**
     * Item warnings nobody acknowledged in time: tells the next person of each ladder whose time has come, on
     * the route's escalation channels, with a link of their own. A used link ends the ladder.
     */
    void escalateItems() throws IOException {
        if (openItems.isEmpty()) return;
        long now = clock.millis();
        for (OpenItem o : List.copyOf(openItems.values())) {
            if (ledger.itemAcknowledged(o.key(), o.raisedTs())) {
                openItems.remove(o.key());
                continue;
            }
            OpenItem at = o;
            while (at.done() < at.steps().size() && now >= at.raisedTs() + at.steps().get(at.done()).after().toMillis()) {
                at = new OpenItem(at.key(), at.site(), at.source(), at.item(), at.colour(), at.raisedTs(), at.steps(), at.done() + 1);
                planItemEscalation(at, at.steps().get(at.done() - 1), at.done(), now);
            }
            if (at.done() >= at.steps().size()) openItems.remove(o.key());
            else openItems.put(o.key(), at);
        }
    }

    private void planItemEscalation(OpenItem o, EscalationPlan.Step step, int n, long now) throws IOException {
        NotifyRoute route = settings.route("risk", o.site(), o.source(), o.colour().wireName(), null);
        Site site = site(o.site());
        HazardSource source = site == null ? null : site.hazardSource(o.source());
        if (route == null || source == null) return;
        String reason = "escalation " + n + ": " + step.role();
        String name = source.responsible().person(step.role());
        Person p = settings.personNamed(name);
        String escalatedTo = text.reason(step.role()) + " " + name;
        MessageText.Subject s = new MessageText.Subject("risk_overdue", o.colour().wireName(), "", o.site(), site.name(), o.source(),
                source.name(), o.item(), o.item(), "", "", "", "", now, o.key(), reason, false, "", escalatedTo, "");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("event", "risk");
        facts.put("site", o.site());
        facts.put("source", o.source());
        facts.put("item", o.item());
        facts.put("colour", o.colour().wireName());
        facts.put("raisedTs", o.raisedTs());
        facts.put("escalation", Map.of("step", n, "role", step.role(), "person", name));
        facts.put("ts", now);
        List<Notice> notices = new ArrayList<>();
        List<Ledger.Token> tokens = new ArrayList<>();
        if (p == null) {
            notices.add(new Notice(ledger.nextNoticeId(), o.key(), now, "risk_overdue", o.site(), o.source(), o.item(), o.colour().wireName(),
                    step.role(), "", reason, "", "", now, text.title(s), "", "", facts, "no " + step.role() + " configured for hazard source "
                    + o.source()));
        } else {
            String link = token(o.key(), o.site(), p, tokens, now);
            for (String c : route.escalateVia()) {
                ChannelSettings ch = settings.channels().get(c);
                String address = p.address(ch.type());
                String l = ch.type() == ChannelSettings.Type.VOICE ? "" : link;
                notices.add(new Notice(ledger.nextNoticeId(), o.key(), now, "risk_overdue", o.site(), o.source(), o.item(),
                        o.colour().wireName(), p.id(), p.name(), reason, c, address, now, text.title(s), text.text(s, ch.type(), l), l, facts,
                        address.isEmpty() ? "no address for " + p.id() : ""));
            }
        }
        for (String c : route.systems()) {
            MessageText.Subject sys = withReason(s, "system");
            notices.add(new Notice(ledger.nextNoticeId(), o.key(), now, "risk_overdue", o.site(), o.source(), o.item(), o.colour().wireName(),
                    c, c, "system", c, "", now, text.title(sys), text.text(sys, ChannelSettings.Type.SMTP, ""), "", facts, ""));
        }
        record(o.key(), now, now, notices, tokens);
    }

    /**
     * A hazard source's risk changed. A tailings monitoring item that GB 39496 §5.5 escalated to a higher
     * colour than any of its points (4 blue points make the item yellow, 3 yellow orange, 2 orange red) is
     * told as a risk event; a colour its points reached themselves was told with their alarms.
     */
    void risk(RiskState now) throws IOException {
        Map<String, RiskColour> before = items.getOrDefault(now.topic(), Map.of());
        Map<String, RiskColour> after = itemColours(now);
        items.put(now.topic(), after);
        // a warning ends when its item falls below its colour, or its points reach that colour themselves (their alarms carry it)
        String prefix = itemKey(now.site(), now.source().id(), "");
        for (OpenItem o : List.copyOf(openItems.values())) {
            if (!o.key().startsWith(prefix)) continue;
            RiskState.ItemRisk it = now.items().stream().filter(x -> x.type().equals(o.item())).findFirst().orElse(null);
            if (it == null || !it.escalated() || it.colour().level() < o.colour().level()) openItems.remove(o.key());
        }
        for (RiskState.ItemRisk it : now.items()) {
            RiskColour was = before.getOrDefault(it.type(), RiskColour.GREEN);
            if (it.colour().level() <= was.level() || !it.escalated()) continue;
            planRisk(now, it);
        }
    }

    private static Map<String, RiskColour> itemColours(RiskState r) {
        Map<String, RiskColour> m = new HashMap<>();
        for (RiskState.ItemRisk it : r.items()) m.put(it.type(), it.colour());
        return m;
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

    private void planRisk(RiskState r, RiskState.ItemRisk it) throws IOException {
        String colour = it.colour().wireName();
        NotifyRoute route = settings.route("risk", r.site(), r.source().id(), colour, null);
        if (route == null) return;
        long now = clock.millis();
        Site site = site(r.site());
        String key = itemKey(r.site(), r.source().id(), it.type());
        MessageText.Subject subject = new MessageText.Subject("risk", colour, "", r.site(), site == null ? r.site() : site.name(),
                r.source().id(), r.source().name(), it.type(), it.type(), "", "", "", "", now, key, "", false, "", "", r.cause());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("event", "risk");
        facts.put("site", r.site());
        facts.put("source", r.source().id());
        facts.put("item", it.type());
        facts.put("colour", colour);
        facts.put("pointColour", it.pointColour().wireName());
        facts.put("sourceColour", r.colour().wireName());
        facts.put("cause", r.cause());
        facts.put("ts", now);
        List<Notice> notices = new ArrayList<>();
        List<Ledger.Token> tokens = new ArrayList<>();
        for (Target t : resolve(route.tell(), r.site(), r.source(), now)) {
            MessageText.Subject s = withReason(subject, t.reason());
            String link = t.person() == null ? "" : token(key, r.site(), t.person(), tokens, now);
            if (t.person() == null) {
                notices.add(new Notice(ledger.nextNoticeId(), key, now, "risk", r.site(), r.source().id(), it.type(), colour, t.role(), "",
                        t.reason(), "", "", now, text.title(s), "", "", facts, t.skipped()));
                continue;
            }
            for (String c : route.via()) {
                ChannelSettings ch = settings.channels().get(c);
                String address = t.person().address(ch.type());
                String l = ch.type() == ChannelSettings.Type.VOICE ? "" : link;
                notices.add(new Notice(ledger.nextNoticeId(), key, now, "risk", r.site(), r.source().id(), it.type(), colour,
                        t.person().id(), t.person().name(), t.reason(), c, address, now, text.title(s), text.text(s, ch.type(), l), l,
                        facts, address.isEmpty() ? "no address for " + t.person().id() : ""));
            }
        }
        for (String c : route.systems()) {
            MessageText.Subject s = withReason(subject, "system");
            notices.add(new Notice(ledger.nextNoticeId(), key, now, "risk", r.site(), r.source().id(), it.type(), colour, c, c, "system", c,
                    "", now, text.title(s), text.text(s, ChannelSettings.Type.SMTP, ""), "", facts, ""));
        }
        record(key, now, now, notices, tokens);
        List<EscalationPlan.Step> ladder = ladder(r.site(), r.source().id(), it.type(), it.colour());
        if (!ladder.isEmpty()) openItems.put(key, new OpenItem(key, r.site(), r.source().id(), it.type(), it.colour(), now, ladder, 0));
    }

    private void record(String alarm, long seq, long now, List<Notice> notices, List<Ledger.Token> tokens) throws IOException {
        if (notices.isEmpty()) return;
        ledger.plan(new Ledger.Plan(alarm, seq, now, notices, tokens));
        for (Notice n : notices) {
            if (n.isSkipped()) skipped.accept(n);
            else lanes.accept(n);
        }
    }

    /** A person to tell and why; without a person, the role nobody fills. */
    private record Target(Person person, String role, String reason, String skipped) {}

    private List<Target> resolve(List<String> tell, String siteId, HazardSource source, long now) {
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

    private String token(String alarm, String siteId, Person p, List<Ledger.Token> tokens, long now) {
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

    private static MessageText.Subject withReason(MessageText.Subject s, String reason) {
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

    private Site site(String id) {
        for (Site s : sites.get()) if (s.id().equals(id)) return s;
        return null;
    }
}
