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
 * of being ignored.
 */
final class ConfigNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KB|MB|GB|TB)");

    private final String file;
    private final String path;
    private final JsonNode node;

    ConfigNode(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    String file() { return file; }

    String path() { return path; }

    boolean isMissing() { return node == null || node.isMissingNode() || node.isNull(); }

    ConfigException error(String reason) { return new ConfigException(file, path, reason); }

    ConfigNode get(String field) {
        JsonNode child = node == null ? null : node.get(field);
        return new ConfigNode(file, path.isEmpty() ? field : path + "." + field, child);
    }

    boolean has(String field) { return !get(field).isMissing(); }

    /** {@code false} or {@code off}: a rule switched off. */
    boolean isOff() {
        if (isMissing()) return false;
        if (node.isBoolean()) return !node.asBoolean();
        return node.isTextual() && (node.asText().equals("off") || node.asText().equals("false"));
    }

    boolean isIntegral() { return !isMissing() && node.isIntegralNumber(); }

    boolean isText() { return !isMissing() && node.isTextual(); }

    boolean isObject() { return !isMissing() && node.isObject(); }

    ConfigNode requireObject() {
        if (isMissing()) throw error("is required");
        if (!node.isObject()) throw error("must be a mapping, got " + describe());
        return this;
    }

    List<ConfigNode> elements() {
        if (isMissing()) return List.of();
        if (!node.isArray()) throw error("must be a list, got " + describe());
        List<ConfigNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) out.add(new ConfigNode(file, path + "[" + i + "]", node.get(i)));
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

    void rejectUnknown(Set<String> known) {
        if (isMissing() || !node.isObject()) return;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw get(k).error("unknown field (expected one of " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    String string() {
        if (isMissing()) throw error("is required");
        if (!node.isTextual() && !node.isNumber() && !node.isBoolean()) throw error("must be a string, got " + describe());
        String s = node.asText();
        if (s.isBlank()) throw error("must not be empty");
        return s;
    }

    String string(String dflt) { return isMissing() ? dflt : string(); }

    /** A string that names something and ends up in topics, tags and URLs. */
    String identifier() {
        String s = string();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!ok) throw error("'" + s + "' may contain only letters, digits, '-', '_' and '.'");
        }
        return s;
    }

    double number() {
        if (isMissing()) throw error("is required");
        if (!node.isNumber()) throw error("must be a number, got " + describe());
        double d = node.asDouble();
        if (!Double.isFinite(d)) throw error("must be finite");
        return d;
    }

    double number(double dflt) { return isMissing() ? dflt : number(); }

    int integer(int dflt, int min, int max) {
        if (isMissing()) return dflt;
        if (!node.isIntegralNumber()) throw error("must be an integer, got " + describe());
        long v = node.asLong();
        if (v < min || v > max) throw error("must be between " + min + " and " + max + ", got " + v);
        return (int) v;
    }

    boolean bool(boolean dflt) {
        if (isMissing()) return dflt;
        if (!node.isBoolean()) throw error("must be true or false, got " + describe());
        return node.asBoolean();
    }

    /** A duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 30d}. */
    Duration duration(Duration dflt) {
        if (isMissing()) return dflt;
        String s = node.asText().trim();
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) throw error("must be a duration like 500ms, 10s, 5m, 1h or 30d, got '" + s + "'");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
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
