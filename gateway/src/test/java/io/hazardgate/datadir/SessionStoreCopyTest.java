package io.hazardgate.datadir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup's copy of the session store: every segment listed, oldest first, into the backup and its
 * manifest; a listed segment that is gone when its turn comes (a compaction deleted it) means the copy
 * is not the store at any one moment, so what was copied is thrown away and the store copied again, and
 * a backup that never gets a whole copy fails saying so rather than keeping a partial one.
 */
class SessionStoreCopyTest {
    @TempDir Path root;

    @Test
    void copiesEverySegmentIntoTheBackupAndItsManifest() throws IOException {
        Path sessions = Files.createDirectories(root.resolve("data/sessions"));
        Files.write(sessions.resolve("00000000000000000000.log"), new byte[] {1, 2, 3});
        Files.write(sessions.resolve("00000000000000004096.log"), new byte[] {4, 5});
        Files.createFile(sessions.resolve(".lock"));
        Path backup = Files.createDirectories(root.resolve("backup"));
        TreeCopy copy = new TreeCopy(backup);

        assertEquals(2, Backup.copySessions(sessions, backup.resolve("data/sessions"), copy));

        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(backup.resolve("data/sessions/00000000000000004096.log")));
        assertEquals(List.of("data/sessions/00000000000000000000.log", "data/sessions/00000000000000004096.log"),
                List.copyOf(copy.files().keySet()), "oldest first, and nothing but segments");
        assertEquals(5, copy.bytes());
    }

    @Test
    void aSegmentThatVanishesEveryTimeFailsTheBackupAndLeavesNoPartialCopy() throws IOException {
        Path sessions = Files.createDirectories(root.resolve("data/sessions"));
        Files.write(sessions.resolve("00000000000000000000.log"), new byte[] {1, 2, 3});
        // listed, but gone when it is copied: what a compaction running during the copy leaves behind
        Files.createSymbolicLink(sessions.resolve("00000000000000004096.log"), sessions.resolve("deleted-by-compaction"));
        Path backup = Files.createDirectories(root.resolve("backup"));
        TreeCopy copy = new TreeCopy(backup);
        copy.file(Files.write(root.resolve("gateway.yaml"), new byte[] {9}), backup.resolve("config/gateway.yaml"));

        IOException e = assertThrows(IOException.class,
                () -> Backup.copySessions(sessions, backup.resolve("data/sessions"), copy));

        assertTrue(e.getMessage().contains("compacted during each of " + Backup.SESSION_COPY_ATTEMPTS + " copies"), e.getMessage());
        assertFalse(Files.exists(backup.resolve("data/sessions/00000000000000000000.log")), "the partial copy is gone");
        assertEquals(List.of("config/gateway.yaml"), List.copyOf(copy.files().keySet()), "and out of the manifest");
        assertEquals(1, copy.bytes());
    }
}
