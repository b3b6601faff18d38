/**
 * The data directory as a whole: which release and which formats wrote it (so a newer release reads it
 * and an older one refuses it), the file that tells tools a gateway is running on it, and the consistent
 * backup and restore of everything in it. It knows the directory's layout (log, alarm, questdb) but
 * none of the formats inside: those belong to {@code store} and {@code alarm}, which version their own
 * files. Used by {@code Main} and {@code Gateway}; uses the config model and, for QuestDB's checkpoint
 * during a backup, {@code store.questdb}'s SQL client, and the name of the log's cursor files
 * ({@code store.log}), which a backup copies before the segments.
 */
package io.hazardgate.datadir;
