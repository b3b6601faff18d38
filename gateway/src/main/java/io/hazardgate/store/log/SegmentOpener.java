package io.hazardgate.store.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** Opens segment files; a seam so tests can make the disk fail the way a full disk does. */
@FunctionalInterface
interface SegmentOpener {
    SegmentOpener FILES = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
