package io.hazardgate.config.response;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Who is told of alarms, how and when (the response file, {@code response:} in gateway.yaml): people,
 * teams, duty rosters, routing rules and channels, validated once against the sites.
 *
 * @param file          the response file, for messages
 * @param language      {@code zh} (default) or {@code en}: the language of messages
 * @param zone          time zone of the times in messages
 * @param link          base URL of acknowledgement links, e.g. {@code https://gateway.example.cn}; ""
 *                      for the gateway's own HTTP address
 * @param linkLifetime  how long an acknowledgement link stays valid
 * @param groupWindow   at most one message per recipient and channel in this window; what comes meanwhile
 *                      is grouped into the next
 * @param retryInitial  first wait after a failed attempt; it doubles up to {@code retryMax}
 * @param retryMax      longest wait between attempts (a channel that is down is tried again this often)
 * @param history       how long the delivery record of finished deliveries is kept in the outbox file
 *                      (the store keeps it as long as its retention)
 */
public record ResponseSettings(
        String file,
        String language,
        ZoneId zone,
        String link,
        Duration linkLifetime,
        Duration groupWindow,
        Duration retryInitial,
        Duration retryMax,
        Duration history,
        List<Person> people,
        Map<String, List<String>> teams,
        List<DutyRoster> rosters,
        List<NotifyRoute> routes,
        Map<String, ChannelSettings> channels) {

    public static final String ZH = "zh";
    public static final String EN = "en";
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    public static final Duration DEFAULT_LINK_LIFETIME = Duration.ofHours(24);
    public static final Duration DEFAULT_GROUP_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofMinutes(5);
    public static final Duration DEFAULT_HISTORY = Duration.ofDays(7);

    public Person person(String id) {
        return people.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    /** The person a site file names (as responsible person or supervisor), by id or by name; null if none. */
    public Person personNamed(String nameOrId) {
        if (nameOrId == null || nameOrId.isEmpty()) return null;
        Person p = person(nameOrId);
        return p != null ? p : people.stream().filter(x -> x.name().equals(nameOrId)).findFirst().orElse(null);
    }

    /** The roster of {@code site}, else the roster for every site; null when neither is configured. */
    public DutyRoster roster(String site) {
        DutyRoster any = null;
        for (DutyRoster r : rosters) {
            if (r.site().equals(site)) return r;
            if (r.site().equals(DutyRoster.ANY_SITE)) any = r;
        }
        return any;
    }

    /** The first route taking the event; null when none does. */
    public NotifyRoute route(String event, String site, String source, String colour, String kind) {
        for (NotifyRoute r : routes) if (r.matches(event, site, source, colour, kind)) return r;
        return null;
    }
}
