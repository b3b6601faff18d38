package io.hazardgate;

import java.net.BindException;

/**
 * A port the gateway was told to listen on is taken by another process (or is not ours to take). Its
 * message is the one line an operator needs: which port, for what, and the option that changes it;
 * {@code Main} prints it without a stack trace.
 */
final class PortUnavailableException extends Exception {
    PortUnavailableException(String what, String host, int port, String option, Throwable cause) {
        super(message(what, host, port, option, cause), cause);
    }

    private static String message(String what, String host, int port, String option, Throwable cause) {
        String where = "port " + port + " (" + what + ") on " + host;
        return denied(cause)
                ? where + " may not be opened by this user (ports below 1024 need privileges): choose another with " + option
                : where + " is already in use, by another gateway or another program ('ss -ltnp sport = :" + port
                + "' shows which): stop it, or choose another port with " + option + " (0: any free port)";
    }

    /** Whether {@code e}, or what caused it, is the operating system refusing a bind. */
    static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) return true;
            String m = String.valueOf(t.getMessage());
            if (m.contains("Address already in use") || m.contains("could not bind socket") || m.contains("Permission denied")
                    || m.contains("error(-98)") || m.contains("error(-13)")) {
                return true;
            }
        }
        return false;
    }

    private static boolean denied(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Permission denied") || m.contains("error(-13)") || m.contains("[13]")) return true;
        }
        return false;
    }
}
