package io.hazardgate.testing;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.config.response.ResponseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A response file for the demo plant whose channels point at servers the test started: mail to an SMTP
 * server, SMS and an operations webhook to a webhook receiver. Everyone the demo site names has a contact;
 * one operator ({@code duty1}, login {@code duty}) is on duty around the clock.
 */
public final class ResponseFixture {
    public static final String SMS_KEY = "Sms-k3y-never-logged";
    public static final String OPS_KEY = "0ps-k3y-never-logged";

    private ResponseFixture() {}

    /** The response file text: {@code delivery} and extra top-level keys may be given, routes replaced. */
    public static String yaml(int smtpPort, WebhookReceiver hooks, String delivery, String routes) {
        return """
                language: zh
                link: {lifetime: 24h}
                delivery: %s
                people:
                  - {id: wang, name: 王健 Wang Jian, email: wang@plant.test, phone: "+8613800000001"}
                  - {id: li, name: 李娜 Li Na, email: li@plant.test, phone: "+8613800000002"}
                  - {id: zhao, name: 赵磊 Zhao Lei, email: zhao@plant.test, phone: "+8613800000003"}
                  - {id: chen, name: 陈华 Chen Hua, email: chen@plant.test, phone: "+8613800000004"}
                  - {id: sun, name: 孙梅 Sun Mei, email: sun@plant.test, phone: "+8613800000005"}
                  - {id: zhou, name: 周斌 Zhou Bin, email: zhou@plant.test, phone: "+8613800000006"}
                  - {id: duty1, name: Duty One, email: duty1@plant.test, phone: "+8613800000009", user: duty}
                teams:
                  maintenance: [zhou]
                rosters:
                  - {site: "*", zone: Asia/Shanghai, shifts: [{name: all-day, from: "00:00", to: "00:00", people: [duty1]}]}
                channels:
                  mail: {type: smtp, host: 127.0.0.1, port: %d, security: none, username: %s, password: %s,
                         from: "HazardGate <alarms@plant.test>", timeout: 5s}
                  sms: {type: sms, url: "%s", headers: {Authorization: "Bearer {secret}"}, secret: %s,
                        body: '{"to":"{phone}","text":"{text}"}', timeout: 5s}
                  ops: {type: webhook, url: "%s", secret: %s, timeout: 5s}
                  bus: {type: mqtt, topic: "notify/{recipient}"}
                routes:
                %s
                """.formatted(delivery, smtpPort, SmtpServer.USER, SmtpServer.PASSWORD, hooks.url("/sms"), SMS_KEY, hooks.url("/ops"),
                OPS_KEY, routes.indent(2));
    }

    /** Red to the three responsible persons and the duty room by mail and SMS (and the ops webhook); lower colours to the duty room. */
    public static final String ROUTES = """
            - {name: red, match: {colour: red}, notify: [principal, technical, operational, duty], via: [mail, sms], systems: [ops]}
            - {name: orange, match: {colour: orange}, notify: [operational, technical], via: [mail], systems: [ops]}
            - {name: lower, match: {colour: [yellow, blue]}, notify: [duty], via: [mail]}
            - {name: faults, match: {kind: [fault, no_data]}, notify: [maintenance], via: [mail]}
            """;

    public static final String FAST_RETRY = "{groupWindow: 1m, retry: {initial: 1s, max: 4s}}";

    /** Writes the file to {@code dir} and reads it against the demo plant. */
    public static ResponseSettings settings(Path dir, String yaml) throws IOException {
        Path f = dir.resolve("response.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.loadResponse(f, Configs.gateway().sites(), name -> null);
    }

    /** The shipped config on free ports with its files in {@code data}, telling people as {@code yaml} says. */
    public static GatewayConfig gateway(Path data, String yaml) throws IOException {
        return TestGateway.config(data).withResponse(settings(data, yaml));
    }
}
