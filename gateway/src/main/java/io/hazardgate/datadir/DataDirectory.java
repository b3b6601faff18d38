package io.hazardgate.datadir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What a data directory says about itself: {@value #MARKER} names the format version and the release
 * that last opened it. Opening checks it before anything else touches the directory: a directory of a
 * newer format is refused (an older release must not half-read what a newer one wrote), an older one is
 * upgraded in place and the marker rewritten. A directory without a marker is new, or was written
 * before markers existed: both are format 1.
 *
 * <p>Layout: {@code log/} the durable log, {@code alarm/} the alarm journal and rule-state snapshots,
 * {@code opcua/} the OPC UA client's certificates, {@code sessions/} the MQTT session store (persistent sessions and retained messages; a directory
 * without it, written by an earlier release, starts with none), {@code questdb/} the embedded store,
 * {@value RunFile#NAME} while a gateway runs on it.
 */
public final class DataDirectory {
    public static final String MARKER = "hazardgate-data.properties";
    public static final String LOG = "log";
    public static final String ALARM = "alarm";
    public static final String SESSIONS = "sessions";
    /** The notification outbox (alarm response). */
    public static final String RESPONSE = "response";
    public static final String QUESTDB = "questdb";
    /** The OPC UA client's certificate and key, and the server certificates trusted and refused. */
    public static final String OPCUA = "opcua";
    /** The control room's own state: alarms operators have shelved. */
    public static final String CONTROL_ROOM = "control-room";

    private final Path dir;
    private final int foundFormat;
    private final String foundRelease;

    private DataDirectory(Path dir, int foundFormat, String foundRelease) {
        this.dir = dir;
        this.foundFormat = foundFormat;
        this.foundRelease = foundRelease;
    }

    /**
     * Creates the directory if needed, checks its format and marks it as written by this release.
     *
     * @throws DataFormatException when a newer release's format is found, or the marker is unreadable
     */
    public static DataDirectory open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Marker found = readMarker(dir).orElse(null);
        int format = found == null ? DataFormat.DATA_DIR : found.format();
        check(dir, found);
        // Nothing to migrate yet: format 1 is the only one. A future format N adds its step here, run
        // before the marker says N, so an interrupted upgrade is simply run again.
        writeMarker(dir);
        return new DataDirectory(dir, format, found == null ? null : found.release());
    }

    /** Checks that this release can read {@code dir}, without changing anything (for backup and restore). */
    public static void checkReadable(Path dir) throws IOException {
        check(dir, readMarker(dir).orElse(null));
    }

    private static void check(Path dir, Marker found) throws DataFormatException {
        if (found == null) return;
        if (found.format() > DataFormat.DATA_DIR) {
            throw new DataFormatException(dir.resolve(MARKER) + ": the data directory has format " + found.format()
                    + ", written by HazardGate " + found.release() + "; this release (" + DataFormat.release()
                    + ") reads formats " + DataFormat.OLDEST_READABLE + " to " + DataFormat.DATA_DIR
                    + ". Run that release or a newer one, or restore a backup made by this one");
        }
        if (found.format() < DataFormat.OLDEST_READABLE) {
            throw new DataFormatException(dir.resolve(MARKER) + ": the data directory has format " + found.format()
                    + " (HazardGate " + found.release() + "), older than this release reads ("
                    + DataFormat.OLDEST_READABLE + "); upgrade through an intermediate release first");
        }
    }

    /** The marker's content, or empty when there is none. */
    public static Optional<Marker> readMarker(Path dir) throws IOException {
        Path file = dir.resolve(MARKER);
        if (!Files.isRegularFile(file)) return Optional.empty();
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        String format = p.getProperty("format");
        try {
            return Optional.of(new Marker(Integer.parseInt(format == null ? "" : format.trim()),
                    p.getProperty("release", "unknown").trim()));
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + ": field format: must be a whole number, got '" + format + "'");
        }
    }

    private static void writeMarker(Path dir) throws IOException {
        String text = "# HazardGate data directory. Do not edit: a release reads only the formats it knows.\n"
                + "format=" + DataFormat.DATA_DIR + "\n"
                + "release=" + DataFormat.release() + "\n";
        Path file = dir.resolve(MARKER);
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text)) return;
        Path tmp = dir.resolve(MARKER + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Path path() { return dir; }

    /** The format the directory had when it was opened. */
    public int foundFormat() { return foundFormat; }

    /** The release that had written the directory before, or null for a new one. */
    public String foundRelease() { return foundRelease; }

    /** A data directory's marker: its format version and the release that wrote it. */
    public record Marker(int format, String release) {}
}
