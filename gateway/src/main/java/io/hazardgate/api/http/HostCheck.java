package io.hazardgate.api.http;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers the HTTP port answers. A page on another site can have its host name
 * re-pointed at the gateway's address (DNS rebinding); the browser then lets it read the answers, and
 * only the Host header it sends gives it away. Answered: IP addresses (a rebinding attacker needs a
 * name), {@code localhost}, the name the port is bound to, and the names in {@code http.allowedHosts}.
 */
public final class HostCheck {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> names;

    /** @param names host names answered besides IP addresses and localhost, lower case */
    public HostCheck(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** Whether to answer a request with this {@code Host} header value (host, optionally {@code :port}). */
    public boolean allows(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            return h.indexOf(']') > 0; // an IPv6 address
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0) {
            String port = h.substring(colon + 1);
            if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) return false;
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return IPV4.matcher(h).matches() || h.equals("localhost") || names.contains(h);
    }
}
