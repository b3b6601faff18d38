package io.hazardgate.mqtt.auth;

import java.util.Set;

/**
 * The gateway's access rules by role, on the topics of the wire contract (docs/protocol.md):
 * <ul>
 *   <li>device: publishes only under {@code plant/{its site}/{its device}/…}; subscribes only to its own
 *       {@code plant/{site}/{device}/errors};</li>
 *   <li>consumer and operator: subscribe to {@code alarm/…}, {@code alarm-state/…}, {@code risk/…},
 *       {@code risk-event/…} and {@code device-fault/…} of their sites (the site level written out, or
 *       any filter there when their sites include {@code *}); publish nothing;</li>
 *   <li>admin: everything except what only the gateway says (below);</li>
 *   <li>an anonymous client (where a listener allows them): an admin, except that it does not speak for
 *       the data loggers of a site that declares device accounts ({@code plant/{site}/…} of such a site);</li>
 *   <li>nobody publishes on {@code alarm/}, {@code alarm-state/}, {@code risk/}, {@code risk-event/},
 *       {@code device-fault/}, or on a device's {@code plant/{site}/{device}/errors}: only the gateway
 *       itself speaks there, so a consumer or a device can trust what it reads.</li>
 * </ul>
 */
public final class RoleAccessPolicy implements AccessPolicy {
    /** First topic levels only the gateway publishes on. */
    public static final Set<String> GATEWAY_TOPICS = Set.of("alarm", "alarm-state", "risk", "risk-event", "device-fault");
    private static final String PLANT = "plant";
    private static final String ERRORS = "errors";

    private final Set<String> sitesWithDeviceAccounts;

    /** Rules for a gateway without device accounts: anonymous clients may speak for any logger. */
    public RoleAccessPolicy() {
        this(Set.of());
    }

    /** @param sitesWithDeviceAccounts sites whose loggers log in: anonymous clients do not speak for them */
    public RoleAccessPolicy(Set<String> sitesWithDeviceAccounts) {
        this.sitesWithDeviceAccounts = Set.copyOf(sitesWithDeviceAccounts);
    }

    @Override
    public boolean mayPublish(Principal principal, String topic) {
        if (GATEWAY_TOPICS.contains(firstLevel(topic)) || isErrorsTopic(topic)) {
            return false;
        }
        return switch (principal.role()) {
            case ADMIN -> !principal.anonymous() || !speaksForAccountedLogger(topic);
            case CONSUMER, OPERATOR -> false;
            case DEVICE -> topic.equals(ownPrefix(principal)) || topic.startsWith(ownPrefix(principal) + "/");
        };
    }

    @Override
    public boolean maySubscribe(Principal principal, String filter) {
        return switch (principal.role()) {
            case ADMIN -> true;
            case DEVICE -> filter.equals(ownPrefix(principal) + "/" + ERRORS);
            case CONSUMER, OPERATOR -> consumerMaySubscribe(principal, filter);
        };
    }

    private static boolean consumerMaySubscribe(Principal principal, String filter) {
        String[] levels = filter.split("/", 3);
        if (!GATEWAY_TOPICS.contains(levels[0])) {
            return false;
        }
        if (principal.seesSite(Principal.ALL_SITES)) {
            return true;
        }
        // the site level must be written out: '+' or '#' there would reach other sites' alarms
        return levels.length > 1 && !levels[1].equals("+") && !levels[1].equals("#") && principal.seesSite(levels[1]);
    }

    /** {@code plant/{site}/…} of a site whose loggers have accounts. */
    private boolean speaksForAccountedLogger(String topic) {
        String[] levels = topic.split("/", 3);
        return levels.length > 1 && levels[0].equals(PLANT) && sitesWithDeviceAccounts.contains(levels[1]);
    }

    /** {@code plant/{site}/{device}/errors}: the gateway's answers to a device. */
    private static boolean isErrorsTopic(String topic) {
        if (!topic.startsWith(PLANT + "/") || !topic.endsWith("/" + ERRORS)) {
            return false;
        }
        String[] levels = topic.split("/", -1);
        return levels.length == 4;
    }

    private static String ownPrefix(Principal p) {
        return PLANT + "/" + p.site() + "/" + p.device();
    }

    private static String firstLevel(String topic) {
        int slash = topic.indexOf('/');
        return slash < 0 ? topic : topic.substring(0, slash);
    }
}
