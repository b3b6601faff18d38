package io.hazardgate.southbound.opcua;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.Set;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's OPC UA application instance certificate (OPC UA Part 4 §6.1): what it signs and
 * encrypts with on a secure channel, and what a server's administrator trusts. Kept in
 * {@code <dataDir>/opcua/own/}: {@value #CERT_DER} (and the same in PEM), {@value #KEY} (PKCS#8 PEM,
 * readable by the owner only). Made once, self-signed, on the first start with an OPC UA device, then
 * reused, so a server trusts the same certificate across restarts. An operator may put a certificate
 * issued by the plant's CA and its key there instead.
 */
record ApplicationCertificate(KeyPair keyPair, X509Certificate certificate, String applicationUri) {
    private static final Logger log = LoggerFactory.getLogger(ApplicationCertificate.class);
    static final String CERT_DER = "hazardgate.der";
    static final String CERT_PEM = "hazardgate.pem";
    static final String KEY = "hazardgate.key";
    /** Long enough not to expire under a running plant; a plant's CA may issue shorter ones. */
    static final Period VALIDITY = Period.ofYears(10);
    static final int RSA_BITS = 2048;

    /** Loads the certificate and key in {@code own}, or makes them when neither is there. */
    static ApplicationCertificate loadOrCreate(Path own) throws IOException {
        Path der = own.resolve(CERT_DER);
        Path key = own.resolve(KEY);
        boolean hasCert = Files.exists(der);
        boolean hasKey = Files.exists(key);
        if (hasCert != hasKey) {
            // never overwrite half of an identity an operator may have put there
            throw new IOException("the OPC UA client certificate is incomplete: " + (hasCert ? key : der)
                    + " is missing (put it back, or remove " + (hasCert ? der : key) + " to have a new pair made)");
        }
        if (!hasCert) return create(own);
        X509Certificate cert = Pem.certificate(der);
        PrivateKey privateKey = Pem.privateKey(key);
        warnIfOpen(key);
        String uri = CertificateUtil.getSanUri(cert).orElseThrow(() -> new IOException(der
                + " has no application URI (a URI in its subjectAltName, OPC UA Part 6 §6.2.2)"));
        return new ApplicationCertificate(new KeyPair(cert.getPublicKey(), privateKey), cert, uri);
    }

    private static ApplicationCertificate create(Path own) throws IOException {
        Files.createDirectories(own);
        String host = hostName();
        String uri = "urn:hazardgate:gateway:" + host;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(RSA_BITS);
            KeyPair pair = g.generateKeyPair();
            X509Certificate cert = new SelfSignedCertificateBuilder(pair).setCountryCode("CN")
                    .setCommonName("HazardGate " + host)
                    .setOrganization("HazardGate")
                    .setApplicationUri(uri)
                    .addDnsName(host)
                    .setValidityPeriod(VALIDITY)
                    .build();
            writeOwnerOnly(own.resolve(KEY), Pem.privateKeyPem(pair.getPrivate()));
            Files.write(own.resolve(CERT_DER), cert.getEncoded());
            Files.writeString(own.resolve(CERT_PEM), Pem.certificatePem(cert));
            log.info("made the gateway's OPC UA client certificate {} (SHA-256 {}): give it to the OPC UA servers' administrators to trust",
                    own.resolve(CERT_DER), Thumbprint.of(cert));
            return new ApplicationCertificate(pair, cert, uri);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot make the OPC UA client certificate in " + own + ": " + e.getMessage(), e);
        }
    }

    /** The key is written to a temporary file created with mode 600, then moved into place. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (Files.getFileAttributeView(file.getParent(), java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void warnIfOpen(Path key) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(key);
            if (p.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
                log.warn("{} can be read by others than its owner ({}): chmod 600 it", key, PosixFilePermissions.toString(p));
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h == null || h.isBlank() ? "localhost" : h;
        } catch (IOException e) {
            return "localhost";
        }
    }
}
