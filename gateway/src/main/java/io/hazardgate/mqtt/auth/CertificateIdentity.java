package io.hazardgate.mqtt.auth;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The identity of a client certificate that TLS already verified against the listener's CA: the value
 * of one attribute of its subject, {@code CN} by default (or e.g. {@code UID}, {@code OU}).
 */
public final class CertificateIdentity {
    public static final String DEFAULT_FIELD = "CN";

    private CertificateIdentity() {}

    /** The attribute's value, or null when the client sent no certificate or it has no such attribute. */
    public static String of(SSLSession session, String field) {
        if (session == null) {
            return null;
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return null;
        }
        return attribute(leaf.getSubjectX500Principal().getName(), field);
    }

    static String attribute(String distinguishedName, String field) {
        try {
            for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
                if (rdn.getType().equalsIgnoreCase(field)) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
