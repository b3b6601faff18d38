package io.hazardgate.mqtt.auth;

import java.util.Set;

/**
 * The open profile: any client publishes and subscribes anywhere, as on a general-purpose broker,
 * except to the filters listed as denied (exact match), which lets conformance suites check that a
 * refused subscription gets its failure code (SUBACK 0x80 / 0x87).
 */
public final class OpenAccessPolicy implements AccessPolicy {
    private final Set<String> deniedFilters;

    public OpenAccessPolicy(Set<String> deniedFilters) {
        this.deniedFilters = Set.copyOf(deniedFilters);
    }

    @Override
    public boolean mayPublish(Principal principal, String topic) { return true; }

    @Override
    public boolean maySubscribe(Principal principal, String filter) { return !deniedFilters.contains(filter); }

    /** Denied filters refuse subscriptions only; what a granted subscription matches is delivered. */
    @Override
    public boolean mayRead(Principal principal, String topic) { return true; }
}
