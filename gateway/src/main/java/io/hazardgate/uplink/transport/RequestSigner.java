package io.hazardgate.uplink.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Signs a request the way platform access interfaces commonly ask: the issued app key, a millisecond
 * timestamp (the platform refuses requests too far from its clock) and a one-time nonce (it refuses one
 * seen before) travel in headers with an HMAC over
 * <pre>
 * METHOD \n PATH \n TIMESTAMP \n NONCE \n hex(SHA-256(body))
 * </pre>
 * in Base64. Binding the path and the body's digest means a captured signature is good for nothing else.
 * HMAC-SHA256 by default, HMAC-SM3 (GB/T 32905) where the platform asks for the national algorithm.
 */
public final class RequestSigner {
    private final String algorithm;
    private final byte[] secret;
    private final SecureRandom random = new SecureRandom();

    public RequestSigner(String algorithm, byte[] secret) {
        this.algorithm = algorithm;
        this.secret = secret.clone();
    }

    /** A fresh nonce: 16 random bytes in hex. */
    public String nonce() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The signature of one request. */
    public String sign(String method, String path, long timestamp, String nonce, byte[] body) {
        return sign(algorithm, secret, canonical(method, path, timestamp, nonce, body));
    }

    /** What is signed. */
    public static String canonical(String method, String path, long timestamp, String nonce, byte[] body) {
        return method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + HexFormat.of().formatHex(sha256(body));
    }

    public static String sign(String algorithm, byte[] secret, String canonical) {
        HMac mac = new HMac(algorithm.equals("hmac-sm3") ? new SM3Digest() : new SHA256Digest());
        mac.init(new KeyParameter(secret));
        byte[] in = canonical.getBytes(StandardCharsets.UTF_8);
        mac.update(in, 0, in.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return Base64.getEncoder().encodeToString(out);
    }

    static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
