package io.hazardgate.alarm.delivery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** File-system helpers of the alarm journal and snapshots. */
public final class AlarmFiles {
    private AlarmFiles() {}

    /** Forces a directory's entries (a rename) to disk, where the platform allows it. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a directory; the rename is still atomic
        }
    }
}
