package io.hazardgate.store.questdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The login the gateway gives its embedded QuestDB's HTTP port, so that a web page open on an
 * operator's PC cannot change records through it (a browser sends a cross-origin GET, or a form-like
 * POST, without asking anyone, and without credentials it cannot know). Generated once, at random, and
 * kept in a file readable by the gateway's user only, as {@code user:password}: the form
 * {@code curl -u "$(cat FILE)"} takes, for operators and integrators who query the store.
 */
public final class StoreCredentials {
    public static final String FILE_NAME = "store-credentials";
    static final String USER = "hazardgate";
    private static final int PASSWORD_BYTES = 24;

    private final String user;
    private final String password;
    private final Path file;

    private StoreCredentials(String user, String password, Path file) {
        this.user = user;
        this.password = password;
        this.file = file;
    }

    /**
     * Reads {@code file}, or creates it with a new random password when it does not exist.
     *
     * @throws IOException naming the file when it cannot be written or does not hold {@code user:password}
     */
    public static StoreCredentials loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] secret = new byte[PASSWORD_BYTES];
            new SecureRandom().nextBytes(secret);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            write(file, USER + ":" + password + "\n");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.contains("\n") || text.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IOException(file + ": must hold one line 'user:password' (printable ASCII, no spaces); "
                    + "delete it and the gateway writes a new one");
        }
        return new StoreCredentials(text.substring(0, colon), text.substring(colon + 1), file);
    }

    /** Reads {@code file} when it exists (a gateway wrote it); empty when the store wants no login. */
    public static java.util.Optional<StoreCredentials> readIfPresent(Path file) throws IOException {
        return Files.exists(file) ? java.util.Optional.of(loadOrCreate(file)) : java.util.Optional.empty();
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // no POSIX permissions on this file system
        } catch (FileAlreadyExistsException e) {
            return; // another process wrote it first: use theirs
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    public String user() { return user; }

    String password() { return password; }

    /** Where they are kept. */
    public Path file() { return file; }

    /** The value of an HTTP {@code Authorization} header carrying them. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code user:password}, as {@code curl -u} takes it. */
    public String userColonPassword() { return user + ":" + password; }

    @Override
    public String toString() { return "store credentials of user " + user + " in " + file; }
}
