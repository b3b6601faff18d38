package io.hazardgate.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.hazardgate.config.ConfigException;
import io.hazardgate.simulator.cli.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node of a scenario file that knows its file and its path, so every error names both (as the
 * gateway's own config errors do: {@code file: incidents[2].ramp.to: must be a number}). Readers take
 * fields one by one and call {@link #rejectUnknown}, so a misspelt key fails instead of being ignored.
 */
final class ScenarioNode {
    private final String file;
    private final String path;
    private final JsonNode node;

    ScenarioNode(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    String path() {
        return path;
    }

    ConfigException error(String reason) {
        return new ConfigException(file, path, reason);
    }

    ScenarioNode get(String field) {
        JsonNode child = node == null ? null : node.get(field);
        return new ScenarioNode(file, path.isEmpty() ? field : path + "." + field, child);
    }

    boolean isMissing() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    boolean has(String field) {
        return !get(field).isMissing();
    }

    ScenarioNode requireObject() {
        if (isMissing()) throw error("is required");
        if (!node.isObject()) throw error("must be a mapping, got " + describe());
        return this;
    }

    /** A mapping, or nothing at all ({@code bad-quality:} with no parameters). */
    ScenarioNode optionalObject() {
        if (!isMissing() && !node.isObject()) throw error("must be a mapping, got " + describe());
        return this;
    }

    void rejectUnknown(Set<String> known) {
        if (isMissing() || !node.isObject()) return;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) throw get(k).error("unknown field (expected one of " + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }

    List<ScenarioNode> elements() {
        if (isMissing()) return List.of();
        if (!node.isArray()) throw error("must be a list, got " + describe());
        List<ScenarioNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) out.add(new ScenarioNode(file, path + "[" + i + "]", node.get(i)));
        return out;
    }

    /** Field names present, in file order. */
    List<String> fieldNames() {
        List<String> out = new ArrayList<>();
        if (!isMissing() && node.isObject()) node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    String string() {
        if (isMissing()) throw error("is required");
        if (!node.isTextual() && !node.isNumber() && !node.isBoolean()) throw error("must be a string, got " + describe());
        String s = node.asText();
        if (s.isBlank()) throw error("must not be empty");
        return s;
    }

    String string(String dflt) {
        return isMissing() ? dflt : string();
    }

    /** A name that ends up in topics and tags: letters, digits, '-', '_' and '.'. */
    String identifier() {
        String s = string();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok) throw error("'" + s + "' may contain only letters, digits, '-', '_' and '.'");
        }
        return s;
    }

    String identifier(String dflt) {
        return isMissing() ? dflt : identifier();
    }

    /** One of {@code allowed}, or {@code dflt} when missing. */
    String oneOf(List<String> allowed, String dflt) {
        if (isMissing()) return dflt;
        String s = string();
        if (!allowed.contains(s)) throw error("must be one of " + String.join(", ", allowed) + ", got '" + s + "'");
        return s;
    }

    boolean isNumber() {
        return !isMissing() && node.isNumber();
    }

    double number() {
        if (isMissing()) throw error("is required");
        if (!node.isNumber()) throw error("must be a number, got " + describe());
        double d = node.asDouble();
        if (!Double.isFinite(d)) throw error("must be finite");
        return d;
    }

    double number(double dflt) {
        return isMissing() ? dflt : number();
    }

    boolean bool(boolean dflt) {
        if (isMissing()) return dflt;
        if (!node.isBoolean()) throw error("must be true or false, got " + describe());
        return node.asBoolean();
    }

    Duration duration() {
        if (isMissing()) throw error("is required");
        try {
            return Durations.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** True when the value is written as a duration ({@code 6m}), as opposed to a name. */
    boolean looksLikeDuration() {
        if (isMissing() || !node.isTextual()) return false;
        try {
            Durations.parse(node.asText());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String describe() {
        if (node.isTextual()) return "'" + node.asText() + "'";
        if (node.isObject()) return "a mapping";
        if (node.isArray()) return "a list";
        return node.toString();
    }
}
