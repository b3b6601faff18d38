package io.hazardgate.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away CA with a server certificate (for 127.0.0.1 and localhost) and client certificates,
 * generated in the JVM for each test run and written as PEM files (PKCS#8 keys) into a directory.
 * Nothing here is ever committed.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public final Path dir;
    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(Path dir) throws Exception {
        this.dir = dir;
        this.caKeys = keys();
        this.ca = sign(new X500Name("CN=HazardGate test CA"), caKeys, null, true, null);
        this.caCert = write(dir.resolve("ca.pem"), pem("CERTIFICATE", ca.getEncoded()));
        KeyPair serverKeys = keys();
        X509Certificate server = sign(new X500Name("CN=localhost"), serverKeys, caKeys.getPublic(), false,
                new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
        this.serverCert = write(dir.resolve("server.pem"), pem("CERTIFICATE", server.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
        this.serverKey = write(dir.resolve("server.key"), pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
    }

    /** Generates the CA and server certificate into {@code dir}. */
    public static TestCertificates create(Path dir) throws Exception {
        return new TestCertificates(dir);
    }

    /** A client certificate with this CN, signed by the CA; returns {cert.pem, key.pem}. */
    public Path[] client(String commonName) throws Exception {
        KeyPair k = keys();
        X509Certificate c = sign(new X500Name("CN=" + commonName + ",O=HazardGate tests"), k, caKeys.getPublic(), false, null);
        return new Path[] {write(dir.resolve(commonName + ".pem"), pem("CERTIFICATE", c.getEncoded())),
            write(dir.resolve(commonName + ".key"), pem("PRIVATE KEY", k.getPrivate().getEncoded()))};
    }

    /** An SSL context that trusts the test CA and, if given, presents a client certificate. */
    public SSLContext clientContext(String clientCommonName) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientCommonName != null) {
            KeyPair k = keys();
            X509Certificate c = sign(new X500Name("CN=" + clientCommonName), k, caKeys.getPublic(), false, null);
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("client", k.getPrivate(), new char[0], new X509Certificate[] {c, ca});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private X509Certificate sign(X500Name subject, KeyPair subjectKeys, Object issuerPublic, boolean isCa,
            GeneralNames san) throws Exception {
        Instant now = Instant.now();
        X500Name issuer = issuerPublic == null ? subject : new X500Name(ca.getSubjectX500Principal().getName());
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (isCa) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        }
        if (san != null) {
            b.addExtension(Extension.subjectAlternativeName, false, san);
        }
        KeyPair signer = issuerPublic == null ? subjectKeys : caKeys;
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(contentSigner));
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path file, String content) throws IOException {
        Files.writeString(file, content);
        return file;
    }

}
