package io.hazardgate.datadir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * {@value #NAME} in the data directory while a gateway runs on it: its process id and where its
 * embedded store answers SQL, for tools on the same machine ({@code hazardgate backup}). Removed at a
 * clean stop; one left by a crash is stale, which the log directory's lock tells (only a running
 * gateway holds it).
 *
 * @param pid          the gateway's process id
 * @param release      the release running
 * @param storeSqlUrl  base URL of the embedded QuestDB's HTTP port, or null when the store is external
 */
public record RunFile(long pid, String release, String storeSqlUrl) {
    public static final String NAME = "gateway.run";

    public void write(Path dataDir) throws IOException {
        String text = "# Written by the gateway running on this data directory; removed when it stops.\n"
                + "pid=" + pid + "\nrelease=" + release + "\n"
                + (storeSqlUrl == null ? "" : "storeSqlUrl=" + storeSqlUrl + "\n");
        Path tmp = dataDir.resolve(NAME + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, dataDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<RunFile> read(Path dataDir) throws IOException {
        String text;
        try {
            text = Files.readString(dataDir.resolve(NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        try {
            return Optional.of(new RunFile(Long.parseLong(p.getProperty("pid", "-1").trim()), p.getProperty("release", ""),
                    p.getProperty("storeSqlUrl")));
        } catch (NumberFormatException e) {
            throw new IOException(dataDir.resolve(NAME) + ": field pid: not a number");
        }
    }

    public static void delete(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve(NAME));
    }
}
