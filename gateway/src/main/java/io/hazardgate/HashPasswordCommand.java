package io.hazardgate;

import io.hazardgate.config.mqtt.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@code hazardgate hash-password [--iterations N]}: reads a password (prompting twice on a terminal,
 * else the first line of standard input) and prints the {@code passwordHash} to put in
 * {@code gateway.yaml}. The password itself is never printed or stored.
 */
final class HashPasswordCommand {
    private HashPasswordCommand() {}

    static int run(List<String> args, InputStream in, Console console, PrintStream out, PrintStream err) {
        int iterations = PasswordHash.DEFAULT_ITERATIONS;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--iterations") && i + 1 < args.size()) {
                try {
                    iterations = Integer.parseInt(args.get(++i));
                } catch (NumberFormatException e) {
                    iterations = -1;
                }
                if (iterations < PasswordHash.MIN_ITERATIONS) {
                    err.println("hazardgate: --iterations must be a number of at least " + PasswordHash.MIN_ITERATIONS);
                    return 2;
                }
            } else {
                err.println("hazardgate: unknown option '" + a + "'\nusage: hazardgate hash-password [--iterations N]");
                return 2;
            }
        }
        char[] password;
        try {
            password = console != null ? prompt(console) : firstLine(in);
        } catch (IOException e) {
            err.println("hazardgate: cannot read the password: " + e.getMessage());
            return 1;
        }
        if (password == null) {
            err.println("hazardgate: the two passwords differ");
            return 2;
        }
        if (password.length == 0) {
            err.println("hazardgate: the password is empty");
            return 2;
        }
        try {
            out.println(PasswordHash.create(password, iterations));
        } finally {
            Arrays.fill(password, '\0');
        }
        if (iterations < PasswordHash.DEFAULT_ITERATIONS) {
            err.println("hazardgate: note: " + iterations + " iterations is below the default " + PasswordHash.DEFAULT_ITERATIONS
                    + "; such hashes (and older ones) still verify, but a leaked one is cheaper to attack");
        }
        return 0;
    }

    private static char[] prompt(Console console) {
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            return null;
        }
        Arrays.fill(second, '\0');
        return first;
    }

    private static char[] firstLine(InputStream in) throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return line == null ? new char[0] : line.toCharArray();
    }
}
