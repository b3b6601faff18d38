package io.hazardgate.mqtt.auth;

import java.util.Set;

/**
 * The gateway's access rules by role, on the topics of the wire contract (docs/protocol.md):
 * <ul>
 *   <li>device: publishes only under {@code plant/{its site}/{its device}/…}; subscribes only to its own
 *       {@code plant/{site}/{device}/errors};</li>
 *   <li>consumer: subscribes to {@code alarm/…}, {@code alarm-state/…}, {@code risk/…} and
 *       {@code device-fault/…} of its sites
 *       (the site level written out, or any filter there when its sites include {@code *}); publishes
 *       nothing;</li>
 *   <li>admin (and an anonymous client where anonymous access is allowed): everything, except that</li>
 *   <li>nobody publishes on {@code alarm/}, {@code alarm-state/}, {@code risk/} or {@code device-fault/}:
 *       only the gateway itself speaks there, so a consumer can trust what it reads.</li>
 * </ul>
 */
public final class RoleAccessPolicy implements AccessPolicy {
    /** First topic levels only the gateway publishes on. */
    public static final Set<String> GATEWAY_TOPICS = Set.of("alarm", "alarm-state", "risk", "device-fault");
    private static final String PLANT = "plant";
    private static final String ERRORS = "errors";

    @Override
    public boolean mayPublish(Principal principal, String topic) {
        if (GATEWAY_TOPICS.contains(firstLevel(topic))) {
            return false;
        }
        return switch (principal.role()) {
            case ADMIN -> true;
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

    private static String ownPrefix(Principal p) {
        return PLANT + "/" + p.site() + "/" + p.device();
    }

    private static String firstLevel(String topic) {
        int slash = topic.indexOf('/');
        return slash < 0 ? topic : topic.substring(0, slash);
    }
}
