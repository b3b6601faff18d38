package io.hazardgate.simulator.cli;

import io.hazardgate.simulator.mqtt.BrokerSettings;

/** The broker options every mode shares: {@code --broker URL [--username U --password P]}. */
public final class BrokerOptions {
    public static final String DEFAULT_BROKER = "tcp://127.0.0.1:1883";

    private BrokerOptions() {}

    public static BrokerSettings parse(Options o) {
        String url = o.string("broker", DEFAULT_BROKER);
        if (o.has("password") && !o.has("username")) throw new UsageException("--password needs --username");
        try {
            return new BrokerSettings(url, o.string("username", null), o.string("password", null));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--broker: " + e.getMessage());
        }
    }
}
