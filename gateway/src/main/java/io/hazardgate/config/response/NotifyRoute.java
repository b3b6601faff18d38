package io.hazardgate.config.response;

import java.util.List;
import java.util.Set;

/**
 * A routing rule (response config {@code routes}): what it matches, whom it tells at once and how. The
 * first route that matches an event decides; an empty match set matches anything.
 *
 * @param name        for the delivery record and messages
 * @param events      {@code alarm} (an alarm raised or turning a higher colour) and/or {@code risk}
 *                    (a hazard source's or a tailings monitoring item's colour rising)
 * @param colours     {@code blue} .. {@code red}, and {@code grey} for faults and no-data
 * @param kinds       alarm kinds: {@code threshold}, {@code trend}, {@code no_data}, {@code fault}
 * @param tell        told at once (config key {@code notify}): roles ({@code principal}, {@code technical}, {@code operational},
 *                    {@code supervisor}, {@code duty}), team names or person ids
 * @param via         channels for those people
 * @param escalateVia channels for the person an unacknowledged alarm escalates to
 * @param systems     channels of type webhook or mqtt told of every event the route matches
 * @param cleared     whether the people told are also told when the alarm clears
 */
public record NotifyRoute(
        String name,
        Set<String> events,
        Set<String> sites,
        Set<String> sources,
        Set<String> colours,
        Set<String> kinds,
        List<String> tell,
        List<String> via,
        List<String> escalateVia,
        List<String> systems,
        boolean cleared) {

    public static final String DUTY = "duty";

    /** Whether this route takes an event of {@code event} type with these properties ({@code kind} null for risk). */
    public boolean matches(String event, String site, String source, String colour, String kind) {
        return in(events, event) && in(sites, site) && in(sources, source) && in(colours, colour)
                && (kinds.isEmpty() || (kind != null && kinds.contains(kind)));
    }

    private static boolean in(Set<String> set, String v) { return set.isEmpty() || set.contains(v); }
}
