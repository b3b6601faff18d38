package io.hazardgate.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;

import java.time.Duration;

/** Shared helpers for tests that run a real server. */
public final class TestServers {
    /** Generous: the machine has 2 shared cores. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private TestServers() {}

    public static double counter(MeterRegistry registry, String name, String tagKey, String tagValue) {
        Search search = registry.find(name);
        if (tagKey != null) {
            search = search.tag(tagKey, tagValue);
        }
        Counter counter = search.counter();
        return counter == null ? 0 : counter.count();
    }

    public static double gauge(MeterRegistry registry, String name) {
        var gauge = registry.find(name).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }
}
