package io.hazardgate;

import io.hazardgate.api.rest.OperatorAuth;
import io.hazardgate.mqtt.auth.AuthResult;
import io.hazardgate.mqtt.auth.Credentials;
import io.hazardgate.mqtt.auth.Principal;
import io.hazardgate.mqtt.auth.Role;
import io.hazardgate.mqtt.auth.UserDirectory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Operator credentials for the HTTP API: HTTP Basic checked against the same users (and the same
 * PBKDF2 hashes) as MQTT logins. Operators may acknowledge alarms of their sites, admins of all.
 */
final class OperatorLogin implements OperatorAuth {
    private final UserDirectory users;
    private final boolean hasOperators;

    OperatorLogin(UserDirectory users, boolean hasOperators) {
        this.users = users;
        this.hasOperators = hasOperators;
    }

    @Override
    public boolean hasOperators() { return hasOperators; }

    @Override
    public CompletionStage<String> operator(String header, String site) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return CompletableFuture.completedFuture(null);
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(null);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) return CompletableFuture.completedFuture(null);
        String name = decoded.substring(0, colon);
        byte[] password = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        return users.authenticate(new Credentials(name, password, null, InetAddress.getLoopbackAddress(), false))
                .thenApply(r -> mayAcknowledge(r, site) ? r.principal().name() : null);
    }

    private static boolean mayAcknowledge(AuthResult r, String site) {
        if (!r.isOk()) return false;
        Principal p = r.principal();
        return p.role() == Role.ADMIN || (p.role() == Role.OPERATOR && (site == null || p.seesSite(site)));
    }
}
