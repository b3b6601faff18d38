package io.hazardgate.testing;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.config.mqtt.PasswordHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A gateway config for the demo plant with accounts for every role, written to a temp dir, every port
 * 0. Passwords are each account's name with {@code -secret}; hashes use the fewest iterations config
 * takes, so logins in tests cost little, except where a test asks for a slow one.
 * <ul>
 *   <li>{@code dtu-tf1}: the tank farm's data logger (device of site demo), so demo declares device accounts</li>
 *   <li>{@code watcher}: a control-room consumer of site demo</li>
 *   <li>{@code duty}: an operator of every site</li>
 *   <li>{@code admin}: an administrator</li>
 * </ul>
 */
public final class AccountsConfig {
    private AccountsConfig() {}

    public static String password(String user) { return user + "-secret"; }

    /** The config with {@code extraYaml} (top-level blocks such as {@code http: {...}}) appended. */
    public static GatewayConfig write(Path dir, String extraYaml) throws IOException {
        return write(dir, extraYaml, PasswordHash.MIN_ITERATIONS);
    }

    /** As {@link #write(Path, String)}, with the operator's hash at {@code dutyIterations}. */
    public static GatewayConfig write(Path dir, String extraYaml, int dutyIterations) throws IOException {
        return write(dir, "", extraYaml, dutyIterations);
    }

    /**
     * @param mqttYaml lines added to the {@code mqtt} block, indented by two spaces (e.g. {@code "  limits: {...}\n"})
     */
    public static GatewayConfig write(Path dir, String mqttYaml, String extraYaml, int dutyIterations) throws IOException {
        String yaml = "mqtt:\n"
                + "  host: 127.0.0.1\n"
                + "  port: 0\n"
                + mqttYaml
                + "  users:\n"
                + "    - {name: dtu-tf1, role: device, site: demo, device: dtu-tf1, passwordHash: \"" + hash("dtu-tf1", PasswordHash.MIN_ITERATIONS) + "\"}\n"
                + "    - {name: watcher, role: consumer, sites: [demo], passwordHash: \"" + hash("watcher", PasswordHash.MIN_ITERATIONS) + "\"}\n"
                + "    - {name: duty, role: operator, sites: [\"*\"], passwordHash: \"" + hash("duty", dutyIterations) + "\"}\n"
                + "    - {name: admin, role: admin, passwordHash: \"" + hash("admin", PasswordHash.MIN_ITERATIONS) + "\"}\n"
                + "store:\n"
                + "  kind: questdb-embedded\n"
                + "  embedded: {host: 127.0.0.1, port: 0}\n"
                + "dataDir: " + dir.resolve("data").toAbsolutePath() + "\n"
                + "sites:\n"
                + "  - " + Configs.configDir().resolve("demo-plant.yaml") + "\n"
                + (extraYaml.contains("http:") ? "" : "http: {host: 127.0.0.1, port: 0}\n")
                + extraYaml;
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return ConfigLoader.load(file);
    }

    private static String hash(String user, int iterations) {
        return PasswordHash.create(password(user).toCharArray(), iterations).toString();
    }
}
