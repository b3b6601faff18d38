package io.hazardgate.config.mqtt;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash as kept in {@code gateway.yaml}:
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} with salt and hash in unpadded standard Base64
 * (16 and 32 bytes). {@code hazardgate hash-password} prints one; the plain password is never stored.
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {
    public static final String SCHEME = "pbkdf2-sha256";
    /**
     * What {@code hazardgate hash-password} uses: OWASP's figure for PBKDF2-HMAC-SHA256 (2023). A
     * verification costs about half a second of one core, once per user and process: a password once
     * verified is remembered in memory. Hashes with fewer iterations still verify.
     */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Fewer iterations than this make a leaked hash too cheap to attack, so config refuses them. */
    public static final int MIN_ITERATIONS = 10_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Hashes a password with a fresh random salt. */
    public static PasswordHash create(char[] password, int iterations) {
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static PasswordHash parse(String text) {
        String[] parts = text.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("must look like " + SCHEME
                    + "$<iterations>$<salt>$<hash> (print one with 'hazardgate hash-password')");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iteration count '" + parts[1] + "' is not a number");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("iteration count " + iterations + " is below the minimum " + MIN_ITERATIONS);
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (salt.length < 8 || hash.length != HASH_BITS / 8) {
                throw new IllegalArgumentException("salt or hash has the wrong length");
            }
            return new PasswordHash(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("salt or hash is not valid Base64 of the right length");
        }
    }

    /** Constant-time comparison of the password's hash with this one. CPU-heavy: not on an event loop. */
    public boolean matches(char[] password) {
        if (password.length == 0) {
            return false; // HMAC refuses an empty key, and no stored hash is of an empty password
        }
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    @Override
    public String toString() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash p && p.iterations == iterations && Arrays.equals(p.salt, salt)
                && Arrays.equals(p.hash, hash);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(hash); }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
