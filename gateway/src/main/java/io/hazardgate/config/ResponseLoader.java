package io.hazardgate.config;

import io.hazardgate.config.response.ChannelSettings;
import io.hazardgate.config.response.DutyRoster;
import io.hazardgate.config.response.NotifyRoute;
import io.hazardgate.config.response.Person;
import io.hazardgate.config.response.ResponseSettings;
import io.hazardgate.config.response.Secret;
import io.hazardgate.config.rules.EscalationPlan;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Site;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates the response file: people, teams, rosters, routes and channels, checked against
 * the sites so that every person a route or an escalation can reach has the address its channels need.
 * Secrets come from the file, a file of their own or an environment variable, and never appear in an
 * error message.
 */
final class ResponseLoader {
    static final Set<String> EVENTS = Set.of("alarm", "risk");
    static final Set<String> COLOURS = Set.of("blue", "yellow", "orange", "red", "grey");
    static final Set<String> KINDS = Set.of("threshold", "trend", "no_data", "fault");
    static final Set<String> ROLES = Set.of(EscalationPlan.PRINCIPAL, EscalationPlan.TECHNICAL, EscalationPlan.OPERATIONAL,
            EscalationPlan.SUPERVISOR, NotifyRoute.DUTY);
    /** An address as it may stand in a mail header: no line breaks, one @, no spaces. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>,;\"]+@[^@\\s<>,;\"]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 -]{2,30}");

    private ResponseLoader() {}

    static ResponseSettings load(ConfigNode root, List<Site> sites, Function<String, String> env, Path dir) {
        root.requireObject();
        root.rejectUnknown(Set.of("language", "zone", "link", "delivery", "people", "teams", "rosters", "routes", "channels"));
        String language = root.get("language").oneOf(List.of(ResponseSettings.ZH, ResponseSettings.EN), ResponseSettings.ZH);
        ZoneId zone = zone(root.get("zone"), ResponseSettings.DEFAULT_ZONE);

        ConfigNode link = root.get("link").optionalObject();
        link.rejectUnknown(Set.of("base", "lifetime"));
        String base = link.get("base").string("");
        if (!base.isEmpty() && !(base.startsWith("http://") || base.startsWith("https://"))) {
            throw link.get("base").error("must start with http:// or https://, got '" + base + "'");
        }
        if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        Duration lifetime = positive(link.get("lifetime"), ResponseSettings.DEFAULT_LINK_LIFETIME);
        if (lifetime.compareTo(Duration.ofDays(30)) > 0) throw link.get("lifetime").error("must be at most 30d: a link is for the alarm at hand");

        ConfigNode delivery = root.get("delivery").optionalObject();
        delivery.rejectUnknown(Set.of("groupWindow", "retry", "history"));
        Duration group = delivery.get("groupWindow").duration(ResponseSettings.DEFAULT_GROUP_WINDOW);
        ConfigNode retry = delivery.get("retry").optionalObject();
        retry.rejectUnknown(Set.of("initial", "max"));
        Duration retryInitial = positive(retry.get("initial"), ResponseSettings.DEFAULT_RETRY_INITIAL);
        Duration retryMax = positive(retry.get("max"), ResponseSettings.DEFAULT_RETRY_MAX);
        if (retryMax.compareTo(retryInitial) < 0) throw retry.get("max").error("must not be shorter than initial (" + retryInitial + ")");
        Duration history = positive(delivery.get("history"), ResponseSettings.DEFAULT_HISTORY);

        Map<String, Person> people = people(root.get("people"));
        Map<String, ChannelSettings> channels = channels(root.get("channels"), env, dir);
        Map<String, List<String>> teams = teams(root.get("teams"), people);
        List<DutyRoster> rosters = rosters(root.get("rosters"), people, sites);
        ResponseSettings partial = new ResponseSettings(root.file(), language, zone, base, lifetime, group, retryInitial, retryMax,
                history, List.copyOf(people.values()), teams, rosters, List.of(), channels);
        checkResponsible(root.get("people"), sites, partial);
        List<NotifyRoute> routes = routes(root.get("routes"), sites, partial);
        return new ResponseSettings(root.file(), language, zone, base, lifetime, group, retryInitial, retryMax, history,
                partial.people(), teams, rosters, routes, channels);
    }

    private static Map<String, Person> people(ConfigNode list) {
        Map<String, Person> out = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode n : list.elements()) {
            n.requireObject();
            n.rejectUnknown(Set.of("id", "name", "email", "phone", "user"));
            String id = n.get("id").identifier();
            String name = n.get("name").string(id);
            String email = n.get("email").string("");
            if (!email.isEmpty() && !EMAIL.matcher(email).matches()) throw n.get("email").error("is not an e-mail address: '" + email + "'");
            String phone = n.get("phone").string("");
            if (!phone.isEmpty() && !PHONE.matcher(phone).matches()) {
                throw n.get("phone").error("must be a phone number (digits, an optional leading +, spaces or dashes), got '" + phone + "'");
            }
            String user = n.get("user").identifier("");
            if (out.containsKey(id)) throw n.get("id").error("duplicate person '" + id + "'");
            if (!names.add(name)) throw n.get("name").error("two people are called '" + name + "': site files name people by it");
            if (ROLES.contains(id)) throw n.get("id").error("'" + id + "' is a role; choose another id");
            out.put(id, new Person(id, name, email, phone, user));
        }
        return out;
    }

    private static Map<String, List<String>> teams(ConfigNode n, Map<String, Person> people) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.entries()) {
            String team = e.getKey();
            if (ROLES.contains(team) || people.containsKey(team)) {
                throw e.getValue().error("team '" + team + "' has the name of a role or a person; choose another");
            }
            List<String> members = new ArrayList<>();
            for (ConfigNode m : e.getValue().elements()) {
                String id = m.identifier();
                if (!people.containsKey(id)) throw m.error("unknown person '" + id + "'");
                members.add(id);
            }
            if (members.isEmpty()) throw e.getValue().error("must list at least one person");
            out.put(team, List.copyOf(members));
        }
        return Map.copyOf(out);
    }

    private static List<DutyRoster> rosters(ConfigNode list, Map<String, Person> people, List<Site> sites) {
        List<DutyRoster> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigNode n : list.elements()) {
            n.requireObject();
            n.rejectUnknown(Set.of("site", "zone", "shifts"));
            String site = n.get("site").string(DutyRoster.ANY_SITE);
            if (!site.equals(DutyRoster.ANY_SITE) && sites.stream().noneMatch(s -> s.id().equals(site))) {
                throw n.get("site").error("unknown site '" + site + "'");
            }
            if (!seen.add(site)) throw n.get("site").error("site '" + site + "' has a roster already");
            ZoneId zone = zone(n.get("zone"), ResponseSettings.DEFAULT_ZONE);
            List<DutyRoster.Shift> shifts = new ArrayList<>();
            for (ConfigNode s : n.get("shifts").elements()) {
                s.requireObject();
                s.rejectUnknown(Set.of("name", "from", "to", "people"));
                String name = s.get("name").string();
                LocalTime from = time(s.get("from"));
                LocalTime to = time(s.get("to"));
                if (from.equals(to) && n.get("shifts").elements().size() > 1) throw s.get("to").error("equals from: a 24-hour shift must be the only one");
                List<String> on = new ArrayList<>();
                for (ConfigNode p : s.get("people").elements()) {
                    String id = p.identifier();
                    if (!people.containsKey(id)) throw p.error("unknown person '" + id + "'");
                    on.add(id);
                }
                if (on.isEmpty()) throw s.get("people").error("must list at least one person on duty");
                shifts.add(new DutyRoster.Shift(name, from, to, List.copyOf(on)));
            }
            if (shifts.isEmpty()) throw n.get("shifts").error("must list the shifts of the day");
            checkCoverage(n.get("shifts"), shifts);
            out.add(new DutyRoster(site, zone, List.copyOf(shifts)));
        }
        return List.copyOf(out);
    }

    /** Every minute of the day belongs to exactly one shift: nobody on duty, or two shifts at once, is a mistake. */
    private static void checkCoverage(ConfigNode n, List<DutyRoster.Shift> shifts) {
        for (int minute = 0; minute < 24 * 60; minute++) {
            LocalTime t = LocalTime.of(minute / 60, minute % 60);
            int on = 0;
            for (DutyRoster.Shift s : shifts) if (s.from().equals(s.to()) || s.covers(t)) on++;
            if (on != 1) throw n.error(on == 0 ? "leave " + t + " without anyone on duty: shifts must cover the whole day"
                    : "overlap at " + t + ": one shift at a time");
        }
    }

    /** Every responsible person and supervisor a site file names must be someone the gateway can reach. */
    private static void checkResponsible(ConfigNode peopleNode, List<Site> sites, ResponseSettings r) {
        for (Site s : sites) {
            for (HazardSource h : s.hazardSources()) {
                for (String role : EscalationPlan.ROLES) {
                    String name = h.responsible().person(role);
                    if (!name.isEmpty() && r.personNamed(name) == null) {
                        throw peopleNode.error("site " + s.id() + ", hazard source " + h.id() + " names " + role + " '" + name
                                + "', who is not among people (match by id or name)");
                    }
                }
            }
        }
    }

    private static List<NotifyRoute> routes(ConfigNode list, List<Site> sites, ResponseSettings r) {
        List<NotifyRoute> out = new ArrayList<>();
        List<ConfigNode> nodes = list.elements();
        for (int i = 0; i < nodes.size(); i++) {
            ConfigNode n = nodes.get(i);
            n.requireObject();
            n.rejectUnknown(Set.of("name", "match", "notify", "via", "escalateVia", "systems", "cleared"));
            String name = n.get("name").identifier("route-" + (i + 1));
            ConfigNode m = n.get("match").optionalObject();
            m.rejectUnknown(Set.of("event", "site", "source", "colour", "kind"));
            Set<String> events = set(m.get("event"), EVENTS);
            Set<String> siteIds = new HashSet<>();
            for (Site s : sites) siteIds.add(s.id());
            Set<String> matchSites = set(m.get("site"), siteIds);
            Set<String> sourceIds = new HashSet<>();
            for (Site s : sites) {
                if (matchSites.isEmpty() || matchSites.contains(s.id())) for (HazardSource h : s.hazardSources()) sourceIds.add(h.id());
            }
            Set<String> sources = set(m.get("source"), sourceIds);
            Set<String> colours = set(m.get("colour"), COLOURS);
            Set<String> kinds = set(m.get("kind"), KINDS);
            if (!kinds.isEmpty() && events.equals(Set.of("risk"))) throw m.get("kind").error("applies to alarms; this route matches risk events only");

            List<String> notify = new ArrayList<>();
            for (ConfigNode x : n.get("notify").elements()) {
                String who = x.identifier();
                if (!ROLES.contains(who) && !r.teams().containsKey(who) && r.person(who) == null) {
                    throw x.error("'" + who + "' is neither a role (" + String.join(", ", new java.util.TreeSet<>(ROLES))
                            + "), a team nor a person");
                }
                if (who.equals(NotifyRoute.DUTY)) {
                    for (Site s : sites) {
                        if ((matchSites.isEmpty() || matchSites.contains(s.id())) && r.roster(s.id()) == null) {
                            throw x.error("site " + s.id() + " has no duty roster (rosters: site " + s.id() + " or *)");
                        }
                    }
                }
                notify.add(who);
            }
            List<String> via = channelList(n.get("via"), r, false);
            List<String> escalateVia = n.has("escalateVia") ? channelList(n.get("escalateVia"), r, false) : via;
            List<String> systems = channelList(n.get("systems"), r, true);
            if (!notify.isEmpty() && via.isEmpty()) throw n.get("via").error("is required: the channels that tell the people in notify");
            if (notify.isEmpty() && systems.isEmpty()) throw n.error("tells nobody: give notify (with via) or systems");
            NotifyRoute route = new NotifyRoute(name, events, matchSites, sources, colours, kinds, List.copyOf(notify),
                    via, escalateVia, systems, n.get("cleared").bool(false));
            checkAddresses(n, route, sites, r);
            out.add(route);
        }
        return List.copyOf(out);
    }

    /** Every person the route can reach has an address on each of its channels. */
    private static void checkAddresses(ConfigNode n, NotifyRoute route, List<Site> sites, ResponseSettings r) {
        Map<Person, String> reach = new LinkedHashMap<>();
        for (Site s : sites) {
            if (!route.sites().isEmpty() && !route.sites().contains(s.id())) continue;
            for (HazardSource h : s.hazardSources()) {
                if (!route.sources().isEmpty() && !route.sources().contains(h.id())) continue;
                for (String who : route.tell()) {
                    if (EscalationPlan.ROLES.contains(who)) {
                        Person p = r.personNamed(h.responsible().person(who));
                        if (p != null) reach.putIfAbsent(p, "notify");
                    }
                }
                for (String role : EscalationPlan.ROLES) {
                    Person p = r.personNamed(h.responsible().person(role));
                    if (p != null) reach.putIfAbsent(p, "escalateVia");
                }
            }
            DutyRoster roster = route.tell().contains(NotifyRoute.DUTY) ? r.roster(s.id()) : null;
            if (roster != null) for (DutyRoster.Shift sh : roster.shifts()) for (String id : sh.people()) reach.putIfAbsent(r.person(id), "notify");
        }
        for (String who : route.tell()) {
            if (r.teams().containsKey(who)) for (String id : r.teams().get(who)) reach.putIfAbsent(r.person(id), "notify");
            else if (r.person(who) != null) reach.putIfAbsent(r.person(who), "notify");
        }
        for (Map.Entry<Person, String> e : reach.entrySet()) {
            List<String> channels = e.getValue().equals("notify") ? route.via() : route.escalateVia();
            for (String c : channels) {
                ChannelSettings ch = r.channels().get(c);
                if (e.getKey().address(ch.type()).isEmpty()) {
                    throw n.get(e.getValue().equals("notify") ? "via" : "escalateVia").error("channel " + c + " needs "
                            + (ch.type() == ChannelSettings.Type.SMTP ? "an e-mail address" : "a phone number") + " for "
                            + e.getKey().id() + " (" + e.getKey().name() + "), whom this route can reach");
                }
            }
        }
    }

    private static List<String> channelList(ConfigNode n, ResponseSettings r, boolean systems) {
        List<String> out = new ArrayList<>();
        for (ConfigNode x : n.elements()) {
            String name = x.identifier();
            ChannelSettings c = r.channels().get(name);
            if (c == null) throw x.error("unknown channel '" + name + "' (channels: " + String.join(", ", new java.util.TreeSet<>(r.channels().keySet())) + ")");
            if (c.type().forSystems() != systems) {
                throw x.error(systems ? "channel " + name + " is for people (" + c.type().wireName() + "); systems take webhook or mqtt channels"
                        : "channel " + name + " is for systems (" + c.type().wireName() + "); list it under systems");
            }
            if (out.contains(name)) throw x.error("channel " + name + " is listed twice");
            out.add(name);
        }
        return List.copyOf(out);
    }

    private static Map<String, ChannelSettings> channels(ConfigNode n, Function<String, String> env, Path dir) {
        Map<String, ChannelSettings> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.entries()) {
            String name = e.getKey();
            ConfigNode c = e.getValue().requireObject();
            if (!name.matches("[A-Za-z0-9_.-]+")) throw c.error("channel name may contain only letters, digits, '-', '_' and '.'");
            String typeText = c.get("type").oneOf(List.of("smtp", "sms", "voice", "webhook", "mqtt"), null);
            if (typeText == null) throw c.get("type").error("is required: smtp, sms, voice, webhook or mqtt");
            ChannelSettings.Type type = ChannelSettings.Type.valueOf(typeText.toUpperCase(java.util.Locale.ROOT));
            Duration timeout = positive(c.get("timeout"), ChannelSettings.DEFAULT_TIMEOUT);
            if (timeout.compareTo(Duration.ofMinutes(2)) > 0) throw c.get("timeout").error("must be at most 2m");
            ChannelSettings s = switch (type) {
                case SMTP -> {
                    c.rejectUnknown(Set.of("type", "host", "port", "security", "username", "password", "passwordFile", "passwordEnv",
                            "from", "timeout"));
                    String security = c.get("security").oneOf(List.of("none", "starttls", "tls"), "starttls");
                    int port = c.get("port").integer(security.equals("tls") ? 465 : 587, 1, 65535);
                    String from = c.get("from").string();
                    if (from.contains("\r") || from.contains("\n")) throw c.get("from").error("must be one line");
                    String username = c.get("username").string("");
                    Secret password = secret(c, "password", env, dir);
                    if (!username.isEmpty() && password.isEmpty()) throw c.get("password").error("is required with a username (or passwordFile, passwordEnv)");
                    yield new ChannelSettings(name, type, c.get("host").string(), port, security, username, password, from,
                            "", "", "", Map.of(), "", Secret.NONE, "", timeout);
                }
                case SMS, VOICE, WEBHOOK -> {
                    c.rejectUnknown(Set.of("type", "url", "method", "contentType", "headers", "body", "secret", "secretFile",
                            "secretEnv", "timeout"));
                    String url = c.get("url").string();
                    if (!(url.startsWith("http://") || url.startsWith("https://"))) {
                        throw c.get("url").error("must start with http:// or https://, got '" + url + "'");
                    }
                    try {
                        java.net.URI.create(url).toURL();
                    } catch (IllegalArgumentException | java.net.MalformedURLException ex) {
                        throw c.get("url").error("is not a valid URL: " + ex.getMessage());
                    }
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (Map.Entry<String, ConfigNode> h : c.get("headers").entries()) {
                        String v = h.getValue().string();
                        if (!h.getKey().matches("[A-Za-z0-9-]+")) throw h.getValue().error("is not a header name");
                        if (v.contains("\r") || v.contains("\n")) throw h.getValue().error("must be one line");
                        headers.put(h.getKey(), v);
                    }
                    String body = c.get("body").string("");
                    if (type != ChannelSettings.Type.WEBHOOK && body.isEmpty()) {
                        throw c.get("body").error("is required for " + typeText + ": the request your gateway takes, with {phone} and {text}");
                    }
                    yield new ChannelSettings(name, type, "", 0, "", "", Secret.NONE, "", url,
                            c.get("method").oneOf(List.of("POST", "PUT"), "POST"),
                            c.get("contentType").string("application/json; charset=utf-8"),
                            Map.copyOf(headers), body, secret(c, "secret", env, dir), "", timeout);
                }
                case MQTT -> {
                    c.rejectUnknown(Set.of("type", "topic", "timeout"));
                    String topic = c.get("topic").string("notify/{recipient}");
                    if (topic.contains("#") || topic.contains("+") || topic.startsWith("$")) {
                        throw c.get("topic").error("must be a topic name without wildcards, got '" + topic + "'");
                    }
                    yield new ChannelSettings(name, type, "", 0, "", "", Secret.NONE, "", "", "", "", Map.of(), "", Secret.NONE,
                            topic, timeout);
                }
            };
            out.put(name, s);
        }
        return Map.copyOf(out);
    }

    /** {@code key}, {@code keyFile} or {@code keyEnv}: at most one; the value itself never goes into a message. */
    private static Secret secret(ConfigNode c, String key, Function<String, String> env, Path dir) {
        int given = (c.has(key) ? 1 : 0) + (c.has(key + "File") ? 1 : 0) + (c.has(key + "Env") ? 1 : 0);
        if (given > 1) throw c.get(key).error("give one of " + key + ", " + key + "File and " + key + "Env");
        if (c.has(key)) return new Secret(c.get(key).string());
        if (c.has(key + "File")) {
            ConfigNode f = c.get(key + "File");
            Path p = Path.of(f.string());
            if (!p.isAbsolute() && dir != null) p = dir.resolve(p);
            try {
                String v = Files.readString(p).strip();
                if (v.isEmpty()) throw f.error("names an empty file: " + p);
                return new Secret(v);
            } catch (java.io.IOException ex) {
                throw f.error("cannot be read: " + p + " (" + ex.getClass().getSimpleName() + ")");
            }
        }
        if (c.has(key + "Env")) {
            ConfigNode e = c.get(key + "Env");
            String var = e.string();
            String v = env.apply(var);
            if (v == null || v.isEmpty()) throw e.error("environment variable " + var + " is not set");
            return new Secret(v);
        }
        return Secret.NONE;
    }

    private static Set<String> set(ConfigNode n, Set<String> allowed) {
        if (n.isMissing()) return Set.of();
        List<ConfigNode> items = n.isText() || n.isNumber() ? List.of(n) : n.elements();
        Set<String> out = new LinkedHashSet<>();
        for (ConfigNode x : items) {
            String v = x.string();
            if (!allowed.contains(v)) throw x.error("must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ", got '" + v + "'");
            out.add(v);
        }
        return Set.copyOf(out);
    }

    private static ZoneId zone(ConfigNode n, ZoneId dflt) {
        if (n.isMissing()) return dflt;
        try {
            return ZoneId.of(n.string());
        } catch (DateTimeException e) {
            throw n.error("is not a time zone (such as Asia/Shanghai or +08:00): '" + n.string() + "'");
        }
    }

    private static LocalTime time(ConfigNode n) {
        try {
            return LocalTime.parse(n.string());
        } catch (DateTimeParseException e) {
            throw n.error("must be a time of day like 08:00, got '" + n.string() + "'");
        }
    }

    private static Duration positive(ConfigNode n, Duration dflt) {
        Duration d = n.duration(dflt);
        if (d.isZero()) throw n.error("must be longer than 0");
        return d;
    }
}
