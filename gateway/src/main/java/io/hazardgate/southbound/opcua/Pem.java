package io.hazardgate.southbound.opcua;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reading and writing certificates and private keys as the files operators handle (PEM or DER). */
final class Pem {
    private Pem() {}

    /** A certificate in PEM or DER. */
    static X509Certificate certificate(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException | ClassCastException e) {
            throw new IOException(file + " is not an X.509 certificate (PEM or DER): " + e.getMessage(), e);
        }
    }

    /** A private key in PEM: PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}); not encrypted. */
    static PrivateKey privateKey(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info);
            if (o instanceof PEMKeyPair pair) return converter.getKeyPair(pair).getPrivate();
            throw new IOException(file + " holds no unencrypted private key in PEM (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new IOException(file + " is not a PEM private key: " + e.getMessage(), e);
        }
    }

    static String certificatePem(X509Certificate c) throws CertificateException {
        return pem("CERTIFICATE", c.getEncoded());
    }

    static String privateKeyPem(PrivateKey k) {
        return pem("PRIVATE KEY", k.getEncoded()); // PKCS#8
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
