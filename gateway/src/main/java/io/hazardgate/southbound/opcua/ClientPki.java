package io.hazardgate.southbound.opcua;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gateway's OPC UA certificates under {@code <dataDir>/opcua/}: {@code own/} its application
 * instance certificate and key ({@link ApplicationCertificate}), {@code trusted/} the server certificates
 * an operator trusts, {@code rejected/} those refused, for the operator to check.
 */
final class ClientPki {
    static final String OWN = "own";
    static final String TRUSTED = "trusted";
    static final String REJECTED = "rejected";

    private final Path dir;
    private ApplicationCertificate own;

    ClientPki(Path dir) {
        this.dir = dir;
    }

    /** The gateway's certificate, made on first use and then read from disk. */
    synchronized ApplicationCertificate applicationCertificate() throws IOException {
        if (own == null) {
            Files.createDirectories(dir.resolve(TRUSTED));
            own = ApplicationCertificate.loadOrCreate(dir.resolve(OWN));
        }
        return own;
    }

    ServerTrust trust(String pinnedThumbprint) {
        return new ServerTrust(dir.resolve(TRUSTED), dir.resolve(REJECTED), pinnedThumbprint);
    }
}
