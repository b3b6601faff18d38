package io.hazardgate.mqtt.auth;

import java.util.Set;

/**
 * Who a connection is, once CONNECT is accepted: the user name from config (or the certificate
 * identity), its role and what it is bound to.
 *
 * @param sites     for a consumer, the sites whose alarms it may read; {@code *} means every site
 * @param site      for a device, its site
 * @param device    for a device, its device id
 * @param anonymous true for a client that gave no credentials on a listener that allows that
 */
public record Principal(String name, Role role, Set<String> sites, String site, String device, boolean anonymous) {
    /** Every site, in {@link #sites()}. */
    public static final String ALL_SITES = "*";

    /** An anonymous client on a listener that allows them: an administrator, for compatibility. */
    public static final Principal ANONYMOUS = new Principal(null, Role.ADMIN, Set.of(ALL_SITES), null, null, true);

    public Principal {
        sites = sites == null ? Set.of() : Set.copyOf(sites);
    }

    public static Principal device(String name, String site, String device) {
        return new Principal(name, Role.DEVICE, Set.of(), site, device, false);
    }

    public static Principal consumer(String name, Set<String> sites) {
        return new Principal(name, Role.CONSUMER, sites, null, null, false);
    }

    public static Principal operator(String name, Set<String> sites) {
        return new Principal(name, Role.OPERATOR, sites, null, null, false);
    }

    public static Principal admin(String name) {
        return new Principal(name, Role.ADMIN, Set.of(ALL_SITES), null, null, false);
    }

    /** The identity anonymous clients share; no configured user can have it (user names are never empty). */
    public static final String ANONYMOUS_IDENTITY = "";

    public boolean seesSite(String id) {
        return sites.contains(ALL_SITES) || sites.contains(id);
    }

    /**
     * Who owns what this client creates (its session): the user name, or {@link #ANONYMOUS_IDENTITY}
     * for every anonymous client. A plain string, so it can be kept with the session.
     */
    public String identity() { return anonymous ? ANONYMOUS_IDENTITY : name; }
}
