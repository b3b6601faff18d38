package io.hazardgate.simulator.testing;

import io.hazardgate.Gateway;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real gateway in this JVM: the demo plant (and any other site files given), every port bound to 0,
 * files in a test directory, the durable log left to the OS to flush (these tests are not about power
 * loss), and the shipped config's demo operator, who may acknowledge alarms. Closed by the test.
 */
public final class InProcessGateway implements AutoCloseable {
    /** The operator of the shipped config/gateway.yaml, as the simulator's {@code --operator} takes it. */
    public static final String OPERATOR = "duty:hazardgate-demo";
    /** Its password hash, as in the shipped config. */
    private static final String OPERATOR_HASH = "pbkdf2-sha256$100000$JLUwoq3U66Aq0nSvTO6vSQ$gXbab3/9XFMONuth9N/iS2Wox5b31X5vOpltw98INHQ";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Gateway gateway;

    private InProcessGateway(Gateway gateway) {
        this.gateway = gateway;
    }

    public static InProcessGateway start(Path dir, Clock clock, Path... extraSites) throws Exception {
        GatewayConfig config = ConfigLoader.load(writeConfig(dir, extraSites)).withMqttPort(0).withHttpPort(0).withStorePort(0);
        return new InProcessGateway(Gateway.start(config, clock));
    }

    /**
     * Writes {@code dir}/gateway.yaml: the demo plant (and the other site files), the demo operator, files in
     * {@code dir}/data, the shipped default ports (which a test replaces with 0); returns its path.
     */
    public static Path writeConfig(Path dir, Path... extraSites) throws IOException {
        List<String> sites = new ArrayList<>();
        sites.add(Sites.DEMO_PLANT.toAbsolutePath().normalize().toString());
        for (Path p : extraSites) sites.add(p.toAbsolutePath().normalize().toString());
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, """
                mqtt:
                  host: 127.0.0.1
                  port: 1883
                  users:
                    - {name: duty, role: operator, sites: ["*"], passwordHash: "%s"}
                http: {host: 127.0.0.1, port: 8080}
                store:
                  kind: questdb-embedded
                  embedded: {host: 127.0.0.1, port: 9000}
                  log: {fsync: os}
                dataDir: %s
                sites:
                """.formatted(OPERATOR_HASH, dir.resolve("data").toAbsolutePath()) + String.join("", sites.stream().map(s -> "  - " + s + "\n").toList()));
        return file;
    }

    public String url() {
        return "tcp://127.0.0.1:" + gateway.mqttPort();
    }

    /** The HTTP API, where operators acknowledge alarms. */
    public String httpUrl() {
        return "http://127.0.0.1:" + gateway.httpPort();
    }

    public Gateway gateway() {
        return gateway;
    }

    /** Runs SQL on the embedded QuestDB and returns its JSON answer. */
    public String sql(String query) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + gateway.storePort() + "/exec?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        String credentials = gateway.storeCredentials(); // the login the gateway generated for its store
        if (credentials != null) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Polls a {@code select count() ...} until it answers {@code expected} or {@link Await#WAIT} passes; returns the last answer. */
    public long awaitCount(String query, long expected) throws IOException, InterruptedException {
        try {
            Await.until("'" + query + "' to answer " + expected, () -> count(query) == expected);
        } catch (AssertionError timedOut) {
            // the caller's assertion shows what it answered instead
        }
        return count(query);
    }

    private long count(String query) throws IOException, InterruptedException {
        String json = sql(query);
        int i = json.indexOf("\"dataset\":[[");
        return i < 0 ? -1 : Long.parseLong(json.substring(i + 12, json.indexOf(']', i + 12)).trim());
    }

    @Override
    public void close() {
        gateway.close();
    }
}
