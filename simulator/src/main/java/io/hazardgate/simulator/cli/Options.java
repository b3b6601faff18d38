package io.hazardgate.simulator.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one subcommand: {@code --name value}, {@code --name=value} or a bare {@code --flag}.
 * Options are checked against the subcommand's known names up front, so a misspelt option fails
 * loudly instead of being ignored; every accessor's error names the option and the bad value.
 */
public final class Options {
    private final String command;
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Options(String command) {
        this.command = command;
    }

    /**
     * @param valued options that take a value
     * @param flags  options that take none
     */
    public static Options parse(String command, String[] args, Set<String> valued, Set<String> flags) {
        Options o = new Options(command);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new UsageException(command + ": unexpected argument '" + a + "' (options start with --)");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                if (value != null) throw new UsageException(command + ": --" + name + " takes no value");
                value = "true";
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) throw new UsageException(command + ": --" + name + " needs a value");
                    value = args[++i];
                }
            } else {
                throw new UsageException(command + ": unknown option --" + name + " (see 'help')");
            }
            o.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return o;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public boolean flag(String name) {
        return has(name);
    }

    /** All values of a repeatable option, in command-line order. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public String string(String name, String dflt) {
        List<String> v = values.get(name);
        if (v == null) return dflt;
        if (v.size() > 1) throw new UsageException(command + ": --" + name + " given " + v.size() + " times");
        String s = v.get(0);
        if (s.isBlank()) throw new UsageException(command + ": --" + name + " must not be empty");
        return s;
    }

    public String required(String name) {
        String s = string(name, null);
        if (s == null) throw new UsageException(command + ": --" + name + " is required");
        return s;
    }

    public long integer(String name, long dflt, long min, long max) {
        String s = string(name, null);
        if (s == null) return dflt;
        long v;
        try {
            v = Long.parseLong(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be an integer, got '" + s + "'");
        }
        if (v < min || v > max) {
            throw new UsageException(command + ": --" + name + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    public double number(String name, double dflt, double minExclusive) {
        String s = string(name, null);
        if (s == null) return dflt;
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a number, got '" + s + "'");
        }
        if (!(v > minExclusive) || !Double.isFinite(v)) {
            throw new UsageException(command + ": --" + name + " must be above " + minExclusive + ", got " + s);
        }
        return v;
    }

    public double nonNegativeNumber(String name, double dflt) {
        String s = string(name, null);
        if (s == null) return dflt;
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a number, got '" + s + "'");
        }
        if (!(v >= 0) || !Double.isFinite(v)) throw new UsageException(command + ": --" + name + " must be 0 or more, got " + s);
        return v;
    }

    /** A duration such as 500ms, 10s, 5m, 1h or 2d; {@code null} default means "not given". */
    public Duration duration(String name, Duration dflt) {
        String s = string(name, null);
        if (s == null) return dflt;
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            throw new UsageException(command + ": --" + name + " " + e.getMessage());
        }
    }

    public int qos(String name, int dflt) {
        return (int) integer(name, dflt, 0, 1);
    }
}
