package io.hazardgate.simulator.cli;

/** A command line the simulator cannot run; the message names the option and what was wrong with it. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
