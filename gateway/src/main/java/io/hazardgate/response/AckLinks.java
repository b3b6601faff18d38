package io.hazardgate.response;

import io.hazardgate.record.AlarmEvent;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The one-time acknowledgement links sent with notices. A link stands for one alarm and the person it was
 * sent to; looking it up changes nothing, using it records the use in the outbox and then acknowledges the
 * alarm in that person's name. Only the token's hash is kept.
 */
public final class AckLinks {
    private final Ledger ledger;
    private final Clock clock;
    private final AlarmResponse.Acknowledger acknowledger;
    private final Supplier<List<AlarmEvent>> activeAlarms;
    /** By reason: used, expired, unknown. */
    private final Map<String, Counter> refusedLinks;

    AckLinks(Ledger ledger, Clock clock, AlarmResponse.Acknowledger acknowledger, Supplier<List<AlarmEvent>> activeAlarms,
             Map<String, Counter> refusedLinks) {
        this.ledger = ledger;
        this.clock = clock;
        this.acknowledger = acknowledger;
        this.activeAlarms = activeAlarms;
        this.refusedLinks = refusedLinks;
    }

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
        if (t.alarm().startsWith(ItemWarnings.RISK_PREFIX)) {
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
}
