package io.hazardgate.config.mqtt;

import java.util.List;

/**
 * One MQTT user of {@code gateway.yaml}.
 *
 * @param passwordHash null for a user that logs in with a client certificate only
 * @param role         {@code device}, {@code consumer}, {@code operator} (a consumer who may acknowledge
 *                     alarms) or {@code admin}
 * @param site         a device's site
 * @param device       a device's id, the {@code {device}} level of its telemetry topic
 * @param sites        a consumer's or operator's sites; {@code *} for all
 */
public record MqttUserSettings(String name, PasswordHash passwordHash, String role, String site, String device,
        List<String> sites) {
    public static final String DEVICE = "device";
    public static final String CONSUMER = "consumer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
}
