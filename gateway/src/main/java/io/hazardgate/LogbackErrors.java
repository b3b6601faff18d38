package io.hazardgate;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

/**
 * Logback's own status messages, errors only, on standard error (logback.xml registers it). Without a
 * listener logback prints every status once a warning occurs, on standard output, which would break a
 * JSON log: one library on the class path ships a logback.xml of its own, and finding two is a warning.
 */
public final class LogbackErrors implements StatusListener {
    @Override
    public void addStatusEvent(Status status) {
        if (status.getEffectiveLevel() >= Status.ERROR) System.err.println(status);
    }

    @Override
    public boolean isResetResistant() {
        return true;
    }
}
