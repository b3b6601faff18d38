package io.hazardgate.datadir;

/**
 * The format versions of the data directory as a whole and of backups. Each file in the directory also
 * carries its own version in its header (the log's segments, the alarm journal, the rule-state
 * snapshots: docs/operations.md, "Upgrades and data formats"); the directory's version moves when a
 * change means an older release must not open it.
 */
public final class DataFormat {
    /** Version of the data directory, in {@link DataDirectory#MARKER}. */
    public static final int DATA_DIR = 1;
    /** Oldest data directory version this release reads (and upgrades in place). */
    public static final int OLDEST_READABLE = 1;
    /** Version of a backup's {@code MANIFEST.properties}. */
    public static final int BACKUP = 1;

    private DataFormat() {}

    /** The release, from the jar's manifest; {@code development} when run from classes. */
    public static String release() {
        String v = DataFormat.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
