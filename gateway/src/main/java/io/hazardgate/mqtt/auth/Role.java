package io.hazardgate.mqtt.auth;

/** What an authenticated client is to the gateway; {@link RoleAccessPolicy} says what each may do. */
public enum Role {
    /** A plant data logger: publishes under its own site and device only. */
    DEVICE,
    /** A control-room client: subscribes to alarms, alarm state and risk of its sites. */
    CONSUMER,
    /** A control-room operator on duty: reads what a consumer reads and may acknowledge alarms of its sites. */
    OPERATOR,
    /** An operator's tool: everything except speaking for the gateway on its own topics. */
    ADMIN;

    /** Parses the config spelling ({@code device}, {@code consumer}, {@code admin}); null if unknown. */
    public static Role fromName(String name) {
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        return null;
    }
}
