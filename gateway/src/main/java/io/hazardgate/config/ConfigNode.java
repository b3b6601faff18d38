package io.hazardgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML node that knows its file and its path, so every validation error names both. Readers take
 * fields one by one and finish with {@link #rejectUnknown(Set)}, so a misspelt key fails loudly instead
 * of being ignored. Public so that the simulator's scenario files read, and fail, as the gateway's
 * config does.
 */
public final class ConfigNode {
    private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    /** A century: anything longer is a typo, and timestamps plus it still fit in a long of milliseconds. */
    private static final Duration LONGEST = Duration.ofDays(36_525);
    private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KB|MB|GB|TB)");

    private final String file;
    private final String path;
    private final JsonNode node;
    /** What this node belongs to ({@code sensor LT-101}), named by every error at or below it; "" for none. */
    private final String subject;

    private ConfigNode(String file, String path, JsonNode node, String subject) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.subject = subject;
    }

    /** The whole document read from {@code file}, which every error below it names. */
    public static ConfigNode root(String file, JsonNode node) { return new ConfigNode(file, "", node, ""); }

    /**
     * This node, whose errors (and those of every node below it) also name what it is, such as
     * {@code sensor LT-101}: a path like {@code sensors[3]} alone makes an operator count entries.
     */
    public ConfigNode about(String what) { return new ConfigNode(file, path, node, what); }

    /** The text of a field when it is a plain scalar, for naming the node before it is validated; "" otherwise. */
    String peek(String field) {
        JsonNode child = node == null ? null : node.get(field);
        return child != null && (child.isTextual() || child.isNumber()) ? child.asText() : "";
    }

    String file() { return file; }

    /** Where this node sits in its file, such as {@code sensors[2].limits.HH}; empty at the root. */
    public String path() { return path; }

    public boolean isMissing() { return node == null || node.isMissingNode() || node.isNull(); }

    /** An error naming this node's file and path, for the caller to throw. */
    public ConfigException error(String reason) { return new ConfigException(file, path, reason, subject, ""); }

    /** The field {@code field} of this mapping; a missing node (never {@code null}) when absent. */
    public ConfigNode get(String field) {
        JsonNode child = node == null ? null : node.get(field);
        return new ConfigNode(file, path.isEmpty() ? field : path + "." + field, child, subject);
    }

    public boolean has(String field) { return !get(field).isMissing(); }

    /** {@code false} or {@code off}: a rule switched off. */
    boolean isOff() {
        if (isMissing()) return false;
        if (node.isBoolean()) return !node.asBoolean();
        return node.isTextual() && (node.asText().equals("off") || node.asText().equals("false"));
    }

    boolean isIntegral() { return !isMissing() && node.isIntegralNumber(); }

    public boolean isNumber() { return !isMissing() && node.isNumber(); }

    boolean isText() { return !isMissing() && node.isTextual(); }

    boolean isObject() { return !isMissing() && node.isObject(); }

    /** The text of a string node as written, empty text included. */
    String text() { return node.asText(); }

    boolean isArray() { return !isMissing() && node.isArray(); }

    boolean isBoolean() { return !isMissing() && node.isBoolean(); }

    /** The parsed YAML value itself, for readers that take any shape (templates). */
    JsonNode raw() { return node; }

    public ConfigNode requireObject() {
        if (isMissing()) throw error("is required");
        if (!node.isObject()) throw error("must be a mapping, got " + describe());
        return this;
    }

    /** A mapping, or nothing at all (a key written with no parameters). */
    public ConfigNode optionalObject() {
        if (!isMissing() && !node.isObject()) throw error("must be a mapping, got " + describe());
        return this;
    }

    /** The items of a list; none when missing. */
    public List<ConfigNode> elements() {
        if (isMissing()) return List.of();
        if (!node.isArray()) throw error("must be a list, got " + describe());
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) out.add(new ConfigNode(file, path + "[" + i + "]", node.get(i), subject));
        return out;
    }

    /** Entries of a mapping in file order. */
    List<Map.Entry<String, ConfigNode>> entries() {
        if (isMissing()) return List.of();
        if (!node.isObject()) throw error("must be a mapping, got " + describe());
        List<Map.Entry<String, ConfigNode>> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            out.add(Map.entry(k, get(k)));
        }
        return out;
    }

    /** Field names present, in file order. */
    public List<String> fieldNames() {
        List<String> out = new ArrayList<>();
        if (!isMissing() && node.isObject()) node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    public void rejectUnknown(Set<String> known) {
        if (isMissing() || !node.isObject()) return;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw get(k).error("unknown field (expected one of " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    public String string() {
        if (isMissing()) throw error("is required");
        if (!node.isTextual() && !node.isNumber() && !node.isBoolean()) throw error("must be a string, got " + describe());
        String s = node.asText();
        if (s.isBlank()) throw error("must not be empty");
        return s;
    }

    public String string(String dflt) { return isMissing() ? dflt : string(); }

    /** A string that names something and ends up in topics, tags and URLs. */
    public String identifier() {
        String s = string();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!ok) throw error("'" + s + "' may contain only letters, digits, '-', '_' and '.'");
        }
        return s;
    }

    public String identifier(String dflt) { return isMissing() ? dflt : identifier(); }

    /** One of {@code allowed}, or {@code dflt} when missing. */
    public String oneOf(List<String> allowed, String dflt) {
        if (isMissing()) return dflt;
        String s = string();
        if (!allowed.contains(s)) throw error("must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
        return s;
    }

    public double number() {
        if (isMissing()) throw error("is required");
        if (!node.isNumber()) throw error("must be a number, got " + describe());
        double d = node.asDouble();
        if (!Double.isFinite(d)) throw error("must be finite");
        return d;
    }

    public double number(double dflt) { return isMissing() ? dflt : number(); }

    int integer(int dflt, int min, int max) {
        if (isMissing()) return dflt;
        if (!node.isIntegralNumber()) throw error("must be an integer, got " + describe());
        long v = node.asLong();
        if (v < min || v > max) throw error("must be between " + min + " and " + max + ", got " + v);
        return (int) v;
    }

    public boolean bool(boolean dflt) {
        if (isMissing()) return dflt;
        if (!node.isBoolean()) throw error("must be true or false, got " + describe());
        return node.asBoolean();
    }

    /** A duration as {@link #parseDuration} reads it. */
    public Duration duration() {
        if (isMissing()) throw error("is required");
        try {
            return parseDuration(node.asText());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    Duration duration(Duration dflt) { return isMissing() ? dflt : duration(); }

    /** True when the value is written as a duration ({@code 6m}), as opposed to a name. */
    public boolean looksLikeDuration() {
        return !isMissing() && node.isTextual() && DURATION.matcher(node.asText().trim()).matches();
    }

    /**
     * A duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 30d}, or a compound
     * such as {@code 4m30s} or {@code 1h30m}. Config files and the simulator's command line share it, so a
     * duration is written one way everywhere.
     *
     * @throws IllegalArgumentException with a reason that reads after the field's name
     */
    public static Duration parseDuration(String text) {
        String t = text.trim();
        if (!DURATION.matcher(t).matches()) {
            throw new IllegalArgumentException("must be a duration like 500ms, 10s, 5m, 1h, 30d or 4m30s, got '" + t + "'");
        }
        try {
            Duration total = Duration.ZERO;
            for (Matcher m = DURATION_PART.matcher(t); m.find(); ) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
            if (total.compareTo(LONGEST) <= 0) return total;
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            // reported below, as any duration past LONGEST is
        }
        throw new IllegalArgumentException("is too large: '" + t + "'");
    }

    /** A size in bytes such as {@code 512MB} or {@code 8GB} (binary multiples: 1KB = 1024B). */
    long size(long dflt) {
        if (isMissing()) return dflt;
        String s = node.asText().trim();
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) throw error("must be a size like 512MB or 8GB, got '" + s + "'");
        int shift = switch (m.group(2)) {
            case "B" -> 0;
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 40;
        };
        long n = m.group(1).length() > 18 ? Long.MAX_VALUE : Long.parseLong(m.group(1));
        if (n > (Long.MAX_VALUE >> shift)) throw error("is too large: '" + s + "'");
        return n << shift;
    }

    private String describe() {
        if (node.isTextual()) return "'" + node.asText() + "'";
        if (node.isObject()) return "a mapping";
        if (node.isArray()) return "a list";
        return node.toString();
    }
}
