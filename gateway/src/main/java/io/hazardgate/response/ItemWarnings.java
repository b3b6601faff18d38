package io.hazardgate.response;

import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.config.response.ChannelSettings;
import io.hazardgate.config.response.NotifyRoute;
import io.hazardgate.config.response.Person;
import io.hazardgate.config.response.ResponseSettings;
import io.hazardgate.config.rules.EscalationPlan;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warnings of tailings monitoring items (GB 39496 §5.5): an item whose points together make a higher
 * colour than any one of them is told as a risk event, and the warning climbs its colour's escalation
 * ladder as an alarm would until someone uses its link. Keyed in the outbox as {@code risk:site/source/item}.
 * Runs on the response thread only, through the {@link Planner} that owns it.
 */
final class ItemWarnings {
    /** How a tailings monitoring item's warnings are keyed in the outbox: {@code risk:site/source/item}. */
    static final String RISK_PREFIX = "risk:";

    private final Planner planner;
    private final ResponseSettings settings;
    private final Ledger ledger;
    private final Clock clock;
    private final MessageText text;
    private final Map<String, Map<String, RiskColour>> items = new HashMap<>();
    /** Item warnings told and not yet acknowledged, by key: each climbs its colour's ladder as an alarm does. */
    private final Map<String, OpenItem> openItems = new LinkedHashMap<>();

    ItemWarnings(Planner planner, ResponseSettings settings, Ledger ledger, Clock clock, MessageText text) {
        this.planner = planner;
        this.settings = settings;
        this.ledger = ledger;
        this.clock = clock;
        this.text = text;
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
        Site site = planner.site(siteId);
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
    void escalate() throws IOException {
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
        Site site = planner.site(o.site());
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
            String link = planner.token(o.key(), o.site(), p, tokens, now);
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
            MessageText.Subject sys = Planner.withReason(s, "system");
            notices.add(new Notice(ledger.nextNoticeId(), o.key(), now, "risk_overdue", o.site(), o.source(), o.item(), o.colour().wireName(),
                    c, c, "system", c, "", now, text.title(sys), text.text(sys, ChannelSettings.Type.SMTP, ""), "", facts, ""));
        }
        planner.record(o.key(), now, now, notices, tokens);
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

    private void planRisk(RiskState r, RiskState.ItemRisk it) throws IOException {
        String colour = it.colour().wireName();
        NotifyRoute route = settings.route("risk", r.site(), r.source().id(), colour, null);
        if (route == null) return;
        long now = clock.millis();
        Site site = planner.site(r.site());
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
        for (Planner.Target t : planner.resolve(route.tell(), r.site(), r.source(), now)) {
            MessageText.Subject s = Planner.withReason(subject, t.reason());
            String link = t.person() == null ? "" : planner.token(key, r.site(), t.person(), tokens, now);
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
            MessageText.Subject s = Planner.withReason(subject, "system");
            notices.add(new Notice(ledger.nextNoticeId(), key, now, "risk", r.site(), r.source().id(), it.type(), colour, c, c, "system", c,
                    "", now, text.title(s), text.text(s, ChannelSettings.Type.SMTP, ""), "", facts, ""));
        }
        planner.record(key, now, now, notices, tokens);
        List<EscalationPlan.Step> ladder = ladder(r.site(), r.source().id(), it.type(), it.colour());
        if (!ladder.isEmpty()) openItems.put(key, new OpenItem(key, r.site(), r.source().id(), it.type(), it.colour(), now, ladder, 0));
    }
}
