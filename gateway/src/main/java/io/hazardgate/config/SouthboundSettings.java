package io.hazardgate.config;

import java.util.List;

/**
 * The {@code southbound} block of the gateway file: listeners and connections of the protocols plants
 * already speak that are not per device (those are in the site files).
 *
 * @param hj212     the HJ 212 listener
 * @param sparkplug MQTT brokers other than the gateway where Sparkplug B edge nodes publish; the gateway
 *                  subscribes there as their host application
 */
public record SouthboundSettings(Hj212Settings hj212, List<SparkplugBroker> sparkplug) {
    public static final SouthboundSettings DEFAULTS = new SouthboundSettings(Hj212Settings.OFF, List.of());

    /**
     * An external broker carrying Sparkplug B traffic.
     *
     * @param hostId the Sparkplug host application id: when set, the gateway publishes its STATE
     *               (online, retained, with an offline will) so edge nodes wait for it (Sparkplug 3.0 §7.5)
     */
    public record SparkplugBroker(String url, String clientId, String username, String password, String hostId) {}

    public SouthboundSettings withHj212(Hj212Settings settings) { return new SouthboundSettings(settings, sparkplug); }
}
