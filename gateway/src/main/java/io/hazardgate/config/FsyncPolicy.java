package io.hazardgate.config;

import java.util.Locale;

/**
 * When the durable log forces its writes to the device, and so what a QoS 1 acknowledgement survives.
 * <ul>
 *   <li>{@link #EVERY_BATCH}: each group commit is fsynced before its records are acknowledged; survives
 *       power loss (the default).</li>
 *   <li>{@link #INTERVAL}: records are acknowledged once written to the OS and fsynced every
 *       {@code fsyncInterval}; survives a process crash, a power loss may lose up to one interval.</li>
 *   <li>{@link #OS}: records are acknowledged once written to the OS, which flushes when it likes;
 *       survives a process crash only.</li>
 * </ul>
 */
public enum FsyncPolicy {
    EVERY_BATCH, INTERVAL, OS;

    public String wireName() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    public static FsyncPolicy fromWireName(String s) {
        for (FsyncPolicy p : values()) {
            if (p.wireName().equals(s)) return p;
        }
        return null;
    }
}
