package io.hazardgate.datadir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@value #NAME} of a backup: written last, so a backup without it is incomplete. Says which format and
 * release made the backup, whether the embedded store was copied in checkpoint mode (a restore then
 * asks QuestDB to recover from the checkpoint), which config file was the gateway's, and the size of
 * every file, checked before a restore copies anything.
 *
 * @param files relative path ({@code data/...}, {@code config/...}) to size in bytes
 */
public record BackupManifest(int format, String release, String createdAt, boolean gatewayRunning, String store,
                             boolean questDbCheckpoint, String configFile, Map<String, Long> files) {
    public static final String NAME = "MANIFEST.properties";
    static final String FILE_PREFIX = "file.";

    void write(Path backupDir) throws IOException {
        StringBuilder sb = new StringBuilder("# HazardGate backup: restore with 'hazardgate restore " + backupDir + "'\n");
        sb.append("format=").append(format).append('\n')
                .append("release=").append(release).append('\n')
                .append("createdAt=").append(createdAt).append('\n')
                .append("gatewayRunning=").append(gatewayRunning).append('\n')
                .append("store=").append(store).append('\n')
                .append("questDbCheckpoint=").append(questDbCheckpoint).append('\n');
        if (configFile != null) sb.append("configFile=").append(configFile).append('\n');
        Properties escaper = new Properties();
        for (Map.Entry<String, Long> f : new TreeMap<>(files).entrySet()) {
            // keys escaped as Properties does, so any file name survives the round trip
            escaper.clear();
            escaper.setProperty(FILE_PREFIX + f.getKey(), Long.toString(f.getValue()));
            java.io.StringWriter w = new java.io.StringWriter();
            escaper.store(w, null);
            for (String line : w.toString().split("\n")) if (!line.startsWith("#")) sb.append(line.strip()).append('\n');
        }
        Files.writeString(backupDir.resolve(NAME), sb.toString(), StandardCharsets.UTF_8);
    }

    static BackupManifest read(Path backupDir) throws IOException {
        Path file = backupDir.resolve(NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(backupDir + " is not a complete HazardGate backup: it has no " + NAME);
        }
        Properties p = new Properties();
        p.load(new StringReader(text));
        int format;
        try {
            format = Integer.parseInt(p.getProperty("format", "").trim());
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + ": field format: must be a whole number");
        }
        if (format > DataFormat.BACKUP) {
            throw new DataFormatException(file + ": backup format " + format + " (HazardGate " + p.getProperty("release")
                    + ") is newer than this release reads (" + DataFormat.BACKUP + "); restore it with that release or a newer one");
        }
        Map<String, Long> files = new LinkedHashMap<>();
        for (String k : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
            if (!k.startsWith(FILE_PREFIX)) continue;
            try {
                files.put(k.substring(FILE_PREFIX.length()), Long.parseLong(p.getProperty(k).trim()));
            } catch (NumberFormatException e) {
                throw new DataFormatException(file + ": field " + k + ": not a size");
            }
        }
        return new BackupManifest(format, p.getProperty("release", ""), p.getProperty("createdAt", ""),
                Boolean.parseBoolean(p.getProperty("gatewayRunning")), p.getProperty("store", ""),
                Boolean.parseBoolean(p.getProperty("questDbCheckpoint")), p.getProperty("configFile"), files);
    }
}
