package io.hazardgate.config.response;

import java.time.Duration;
import java.util.Map;

/**
 * One way of telling people or systems (response config {@code channels}). Secrets are {@link Secret}s,
 * so printing a channel prints no password.
 *
 * @param name        how routes name the channel
 * @param type        what it speaks
 * @param host        SMTP: server host
 * @param port        SMTP: server port
 * @param security    SMTP: {@code none}, {@code starttls} or {@code tls}
 * @param username    SMTP: login ("" for none)
 * @param password    SMTP: password
 * @param from        SMTP: sender address
 * @param url         HTTP: where to send
 * @param method      HTTP: {@code POST} or {@code PUT}
 * @param contentType HTTP: the body's content type
 * @param headers     HTTP: extra headers; values may hold {@code {secret}}
 * @param body        HTTP: body template with {@code {phone}}, {@code {text}}, {@code {subject}}, {@code {id}},
 *                    {@code {name}}, {@code {secret}}, each escaped for the content type; "" for the default JSON
 * @param secret      HTTP: key for the template and the {@code X-HazardGate-Signature} HMAC of the body
 * @param topic       MQTT: topic template with {@code {recipient}}, published on the gateway's own broker
 * @param timeout     how long one attempt may take
 */
public record ChannelSettings(
        String name,
        Type type,
        String host,
        int port,
        String security,
        String username,
        Secret password,
        String from,
        String url,
        String method,
        String contentType,
        Map<String, String> headers,
        String body,
        Secret secret,
        String topic,
        Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The protocol of a channel and the address it takes from a person. */
    public enum Type {
        /** E-mail over SMTP, to the person's e-mail address. */
        SMTP,
        /** Text message through an SMS gateway's HTTP API, to the person's phone. */
        SMS,
        /** Voice call through a voice gateway's HTTP API, to the person's phone. */
        VOICE,
        /** JSON to another system's HTTP endpoint. */
        WEBHOOK,
        /** JSON on a topic of the gateway's own MQTT broker. */
        MQTT;

        public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }

        /** Whether it is for systems rather than people. */
        public boolean forSystems() { return this == WEBHOOK || this == MQTT; }
    }
}
