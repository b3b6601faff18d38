package io.hazardgate.datadir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code hazardgate restore BACKUP}: checks a backup (its manifest's format, every file's size, the
 * data directory's format) before anything is copied, then puts its data into an empty data directory
 * and, when asked, its configuration into an empty config directory. A store copied in checkpoint mode
 * gets QuestDB's {@code _restore} trigger, so QuestDB recovers to the checkpoint when the gateway next
 * starts. The gateway then starts as after a crash at the moment of the backup: the log's records after
 * the shipped offset are shipped again (idempotently), alarms and acknowledgements come back from the
 * journal. Restored files take the owner and group of the data directory (a restore run as root into
 * the service's {@code /var/lib/hazardgate} leaves the files to the service's user).
 */
public final class Restore {
    /** QuestDB's trigger to recover from the checkpoint a copy was taken in. */
    static final String QUESTDB_RESTORE_TRIGGER = "_restore";

    private Restore() {}

    /**
     * @param configDir where to put the backup's configuration, or null to leave the configuration alone
     */
    public static BackupManifest run(Path backup, Path dataDir, Path configDir, PrintStream out) throws IOException {
        backup = backup.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        BackupManifest m = BackupManifest.read(backup);
        for (Map.Entry<String, Long> f : m.files().entrySet()) {
            Path p = backup.resolve(f.getKey()).normalize();
            if (!p.startsWith(backup)) throw new DataFormatException(backup.resolve(BackupManifest.NAME) + ": file " + f.getKey() + " lies outside the backup");
            if (!Files.isRegularFile(p)) throw new IOException("backup " + backup + " is damaged: " + f.getKey() + " is missing");
            if (Files.size(p) != f.getValue()) {
                throw new IOException("backup " + backup + " is damaged: " + f.getKey() + " has " + Files.size(p) + " bytes, the manifest says "
                        + f.getValue());
            }
        }
        Path data = backup.resolve(Backup.DATA);
        DataDirectory.checkReadable(data);
        requireEmpty(dataDir, "data directory");
        if (configDir != null) requireEmpty(configDir.toAbsolutePath().normalize(), "config directory");

        Files.createDirectories(dataDir);
        TreeCopy copy = new TreeCopy(dataDir);
        copy.tree(data, dataDir, rel -> false);
        if (m.questDbCheckpoint()) Files.createFile(dataDir.resolve(DataDirectory.QUESTDB).resolve(QUESTDB_RESTORE_TRIGGER));
        giveToOwnerOf(dataDir);
        out.println("hazardgate restore: " + copy.files().size() + " files of the backup made " + m.createdAt() + " by HazardGate "
                + m.release() + " into " + dataDir);
        if ("external".equals(m.store())) {
            out.println("  the store was external: restore it with its own tools; the log's unshipped records will follow");
        }
        if (configDir != null) {
            Path cd = configDir.toAbsolutePath().normalize();
            Files.createDirectories(cd);
            new TreeCopy(cd).tree(backup.resolve(Backup.CONFIG), cd, rel -> false);
            giveToOwnerOf(cd);
            out.println("  configuration into " + cd + (m.configFile() == null ? "" : " (the gateway's was " + m.configFile() + ")"));
        }
        return m;
    }

    private static void requireEmpty(Path dir, String what) throws IOException {
        if (!Files.exists(dir) || Backup.isEmptyDirectory(dir)) return;
        if (Files.isDirectory(dir) && Backup.Held.gatewayRunning(dir)) {
            throw new IOException("a gateway is running on " + dir + "; stop it, and restore into an empty directory");
        }
        throw new IOException("the " + what + " " + dir + " is not empty; a restore goes into an empty one "
                + "(move the old one aside: it may be the only copy of what came after the backup)");
    }

    /** Gives the restored files the owner and group of the directory they were restored into. */
    private static void giveToOwnerOf(Path dir) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) return; // the files are already the caller's own
        PosixFileAttributeView top = Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (top == null) return;
        PosixFileAttributes a = top.readAttributes();
        UserPrincipal owner = a.owner();
        GroupPrincipal group = a.group();
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.toList();
        }
        for (Path p : all) {
            PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributes pa = v.readAttributes();
            if (pa.owner().equals(owner) && pa.group().equals(group)) continue;
            v.setOwner(owner);
            v.setGroup(group);
        }
    }
}
