package io.hazardgate.config.uplink;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how an HTTP(S) uplink posts its messages.
 *
 * @param url          base URL of the platform's access interface
 * @param paths        path (appended to {@code url}) per message kind
 * @param timeout      how long one request may take
 * @param signature    the HMAC of the request signature: {@code hmac-sha256} or {@code hmac-sm3}
 * @param headers      header names of the signature scheme: {@code appKey}, {@code timestamp},
 *                     {@code nonce}, {@code signature}
 * @param trustCa      PEM certificates to trust besides the JDK's (a platform with a private CA), or null
 * @param codeField    JSON field of the platform's answer holding its result code, empty to judge by the
 *                     HTTP status alone
 * @param okCodes      values of {@code codeField} that mean accepted
 * @param messageField JSON field of the answer holding the platform's reason, for error messages
 */
public record HttpTarget(URI url, Map<MessageKind, String> paths, Duration timeout, String signature, Map<String, String> headers,
                         Path trustCa, String codeField, java.util.List<String> okCodes, String messageField) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final String HMAC_SHA256 = "hmac-sha256";
    public static final String HMAC_SM3 = "hmac-sm3";
    public static final Map<String, String> DEFAULT_HEADERS = Map.of("appKey", "X-App-Key", "timestamp", "X-Timestamp",
            "nonce", "X-Nonce", "signature", "X-Signature");

    public URI uri(MessageKind kind) {
        String base = url.toString();
        String path = paths.get(kind);
        if (base.endsWith("/") && path.startsWith("/")) path = path.substring(1);
        return URI.create(base + path);
    }
}
