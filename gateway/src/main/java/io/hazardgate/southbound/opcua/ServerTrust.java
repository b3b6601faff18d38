package io.hazardgate.southbound.opcua;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which OPC UA server certificates one device's client accepts: only those trusted explicitly, by a
 * copy in the gateway's trusted-certificates directory ({@code <dataDir>/opcua/trusted/}, read at each
 * connection, so a certificate put there applies at the next attempt) or by the SHA-256 thumbprint the
 * site file pins for the device. Anything else is refused, never accepted on first sight: the refused
 * certificate is written to {@code <dataDir>/opcua/rejected/<thumbprint>.der} for the operator to check
 * and move into {@code trusted/}. An expired or not yet valid certificate is refused even when trusted.
 * Trust is in the certificate itself (self-signed servers are the rule on plant floors), not in a CA
 * chain or in host names.
 */
final class ServerTrust implements CertificateValidator {
    private static final Logger log = LoggerFactory.getLogger(ServerTrust.class);

    private final Path trusted;
    private final Path rejected;
    private final String pinned;
    private volatile String refusal;

    ServerTrust(Path trusted, Path rejected, String pinned) {
        this.trusted = trusted;
        this.rejected = rejected;
        this.pinned = pinned;
    }

    /** Why the last server certificate was refused, or null: the device fault's text. */
    String refusal() { return refusal; }

    void clearRefusal() { refusal = null; }

    @Override
    public void validateCertificateChain(List<X509Certificate> chain, String applicationUri, String[] validHostNames)
            throws UaException {
        if (chain == null || chain.isEmpty()) throw refuse("the server sent no certificate", StatusCodes.Bad_SecurityChecksFailed);
        X509Certificate server = chain.get(0);
        String thumbprint = Thumbprint.of(server);
        if (!thumbprint.equals(pinned) && !trustedThumbprints().contains(thumbprint)) {
            Path copy = rejected.resolve(thumbprint + ".der");
            try {
                Files.createDirectories(rejected);
                if (!Files.exists(copy)) Files.write(copy, server.getEncoded());
            } catch (Exception e) {
                log.debug("cannot keep the refused certificate in {}: {}", copy, e.toString());
            }
            throw refuse("the server certificate '" + server.getSubjectX500Principal().getName() + "' (SHA-256 " + thumbprint
                    + ") is not trusted: if it is the server's, move " + copy + " into " + trusted
                    + " or pin it with security.serverThumbprint: " + thumbprint, StatusCodes.Bad_CertificateUntrusted);
        }
        try {
            server.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw refuse("the server certificate (SHA-256 " + thumbprint + ") is valid only from " + server.getNotBefore()
                    + " to " + server.getNotAfter(), StatusCodes.Bad_CertificateTimeInvalid);
        }
        refusal = null;
    }

    private UaException refuse(String why, long status) {
        refusal = why;
        return new UaException(status, why);
    }

    /** The thumbprints of the certificates in the trusted directory (PEM or DER, any file name). */
    private Set<String> trustedThumbprints() {
        Set<String> out = new HashSet<>();
        if (!Files.isDirectory(trusted)) return out;
        try (Stream<Path> files = Files.list(trusted)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try {
                    out.add(Thumbprint.of(Pem.certificate(f)));
                } catch (IOException e) {
                    log.warn("ignoring {} in the trusted OPC UA certificates: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            log.warn("cannot read the trusted OPC UA certificates in {}: {}", trusted, e.toString());
        }
        return out;
    }
}
