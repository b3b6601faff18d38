package io.hazardgate;

import java.io.PrintStream;

/** {@link Main}'s commands for tests in other packages, without {@code System.exit}. */
public final class MainAccess {
    private MainAccess() {}

    public static int run(String[] args, PrintStream out, PrintStream err) { return Main.run(args, out, err); }
}
