package io.hazardgate.response;

import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.config.response.DutyRoster;
import io.hazardgate.config.response.Person;
import io.hazardgate.config.response.ResponseSettings;
import io.hazardgate.record.AlarmEvent;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is on duty at each site (its roster), and the hand-over of a shift: the incoming operator takes over
 * the site's open alarms, and the outbox records who took over what.
 */
public final class ShiftHandover {
    private static final Logger log = LoggerFactory.getLogger(ShiftHandover.class);
    /** An incoming operator may take over this long before their shift starts. */
    static final long HANDOVER_EARLY_MS = 3_600_000L;

    private final ResponseSettings settings;
    private final Ledger ledger;
    private final Clock clock;
    private final AlarmResponse.Acknowledger acknowledger;
    private final Supplier<List<AlarmEvent>> activeAlarms;
    /** By outcome: ok, refused. */
    private final Map<String, Counter> handovers;

    ShiftHandover(ResponseSettings settings, Ledger ledger, Clock clock, AlarmResponse.Acknowledger acknowledger,
                  Supplier<List<AlarmEvent>> activeAlarms, Map<String, Counter> handovers) {
        this.settings = settings;
        this.ledger = ledger;
        this.clock = clock;
        this.acknowledger = acknowledger;
        this.activeAlarms = activeAlarms;
        this.handovers = handovers;
    }

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
}
