package io.hazardgate.datadir;

import java.io.IOException;

/** A data directory or backup this release cannot read; the message names the file and what to do. */
public final class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) { super(message); }
}
