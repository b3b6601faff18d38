package io.hazardgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.config.uplink.TemplateNode;
import io.hazardgate.config.uplink.TemplateNode.Format;
import io.hazardgate.config.uplink.TemplateVariables;
import io.hazardgate.config.uplink.TemplateVariables.Scope;
import io.hazardgate.config.uplink.TemplateVariables.Type;
import io.hazardgate.config.uplink.Templates;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiles payload and topic templates and checks every name and format in them against
 * {@link TemplateVariables}, so a typo fails at load with the file and the field, not at the first
 * message. Syntax: a string {@code "${name}"} is that variable with its own type; text around or between
 * placeholders makes a string; {@code ${name|format}} applies a format ({@code millis}, {@code seconds},
 * {@code iso}, {@code date:PATTERN}, {@code map:NAME}, {@code string}, {@code number}, {@code fixed:N});
 * {@code $${} writes a literal {@code ${}; a mapping {@code {$each: COLLECTION, $item: TEMPLATE}} is
 * an array with one item per element.
 */
final class TemplateLoader {
    static final String EACH = "$each";
    static final String ITEM = "$item";
    static final String MAPS = "maps";

    private TemplateLoader() {}

    /**
     * The templates of a file or an inline mapping: {@code maps} and one body per message kind given.
     * Kinds not given are absent; {@code history} falls back to {@code realtime}.
     */
    static Templates load(ConfigNode n) {
        n.requireObject();
        Set<String> known = new TreeSet<>();
        known.add(MAPS);
        for (MessageKind k : MessageKind.values()) known.add(k.wireName());
        n.rejectUnknown(known);
        Map<String, Map<String, Object>> maps = maps(n.get(MAPS));
        Map<MessageKind, TemplateNode> bodies = new EnumMap<>(MessageKind.class);
        for (MessageKind k : MessageKind.values()) {
            ConfigNode b = n.get(k.wireName());
            if (b.isMissing()) continue;
            if (!b.isObject() && !b.isArray()) throw b.error("must be a mapping or a list: the message body the platform expects");
            bodies.put(k, compile(b, TemplateVariables.body(k), maps));
        }
        if (!bodies.containsKey(MessageKind.HISTORY) && bodies.containsKey(MessageKind.REALTIME)) {
            bodies.put(MessageKind.HISTORY, bodies.get(MessageKind.REALTIME));
        }
        return new Templates(bodies, maps);
    }

    /** A topic: text with placeholders of the message's own names. */
    static TemplateNode topic(ConfigNode n, MessageKind kind) {
        String text = n.string();
        if (text.contains("+") || text.contains("#")) throw n.error("a topic to publish to must not contain the wildcards + or #");
        TemplateNode node = text(n, text, new ArrayDeque<>(List.of(TemplateVariables.topic(kind))), Map.of());
        return node instanceof TemplateNode.Ref r ? new TemplateNode.Text(List.of(r)) : node;
    }

    private static Map<String, Map<String, Object>> maps(ConfigNode n) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigNode> v : e.getValue().entries()) {
                JsonNode raw = v.getValue().raw();
                if (raw == null || !(raw.isValueNode())) throw v.getValue().error("must be text, a number or true/false");
                m.put(v.getKey(), literal(raw));
            }
            out.put(e.getKey(), Map.copyOf(m));
        }
        return out;
    }

    static TemplateNode compile(ConfigNode n, Scope scope, Map<String, Map<String, Object>> maps) {
        Deque<Scope> scopes = new ArrayDeque<>();
        scopes.push(scope);
        return node(n, scopes, maps);
    }

    private static TemplateNode node(ConfigNode n, Deque<Scope> scopes, Map<String, Map<String, Object>> maps) {
        if (n.isMissing()) return new TemplateNode.Literal(null);
        if (n.isObject()) {
            if (n.has(EACH) || n.has(ITEM)) return each(n, scopes, maps);
            List<TemplateNode.Field> fields = new ArrayList<>();
            for (Map.Entry<String, ConfigNode> e : n.entries()) {
                if (e.getKey().startsWith("$")) {
                    throw e.getValue().error("unknown directive " + e.getKey() + " (expected " + EACH + " with " + ITEM + ")");
                }
                fields.add(new TemplateNode.Field(e.getKey(), node(e.getValue(), scopes, maps)));
            }
            return new TemplateNode.Obj(List.copyOf(fields));
        }
        if (n.isArray()) {
            List<TemplateNode> items = new ArrayList<>();
            for (ConfigNode item : n.elements()) items.add(node(item, scopes, maps));
            return new TemplateNode.Arr(List.copyOf(items));
        }
        JsonNode raw = n.raw();
        if (raw.isTextual()) return text(n, raw.asText(), scopes, maps);
        return new TemplateNode.Literal(literal(raw));
    }

    private static TemplateNode each(ConfigNode n, Deque<Scope> scopes, Map<String, Map<String, Object>> maps) {
        n.rejectUnknown(Set.of(EACH, ITEM));
        if (!n.has(EACH)) throw n.get(EACH).error("is required beside " + ITEM + ": the collection to repeat over");
        if (!n.has(ITEM)) throw n.get(ITEM).error("is required beside " + EACH + ": the template of one element");
        String collection = n.get(EACH).string();
        Scope inner = scopes.peek().collections().get(collection);
        if (inner == null) {
            Set<String> here = scopes.peek().collections().keySet();
            throw n.get(EACH).error("unknown collection '" + collection + "' here ("
                    + (here.isEmpty() ? "none can be repeated here" : "expected one of " + String.join(", ", new TreeSet<>(here))) + ")");
        }
        scopes.push(inner);
        try {
            return new TemplateNode.Each(collection, node(n.get(ITEM), scopes, maps));
        } finally {
            scopes.pop();
        }
    }

    /** Text with placeholders; exactly one placeholder and nothing else keeps the variable's type. */
    private static TemplateNode text(ConfigNode n, String s, Deque<Scope> scopes, Map<String, Map<String, Object>> maps) {
        List<TemplateNode> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("$${", i)) {
                lit.append("${");
                i += 3;
            } else if (s.startsWith("${", i)) {
                int end = s.indexOf('}', i + 2);
                if (end < 0) throw n.error("placeholder at character " + (i + 1) + " has no closing }");
                if (lit.length() > 0) {
                    parts.add(new TemplateNode.Literal(lit.toString()));
                    lit.setLength(0);
                }
                parts.add(ref(n, s.substring(i + 2, end).trim(), scopes, maps));
                i = end + 1;
            } else {
                lit.append(s.charAt(i++));
            }
        }
        if (lit.length() > 0) parts.add(new TemplateNode.Literal(lit.toString()));
        if (parts.isEmpty()) return new TemplateNode.Literal("");
        if (parts.size() == 1) return parts.get(0);
        return new TemplateNode.Text(List.copyOf(parts));
    }

    private static TemplateNode.Ref ref(ConfigNode n, String body, Deque<Scope> scopes, Map<String, Map<String, Object>> maps) {
        int bar = body.indexOf('|');
        String name = (bar < 0 ? body : body.substring(0, bar)).trim();
        String fmt = bar < 0 ? "" : body.substring(bar + 1).trim();
        Type type = null;
        Set<String> visible = new TreeSet<>();
        for (Scope sc : scopes) {
            visible.addAll(sc.variables().keySet());
            if (type == null) type = sc.variables().get(name);
        }
        if (type == null) {
            throw n.error("unknown variable '" + name + "' (expected one of " + String.join(", ", visible) + ")");
        }
        return new TemplateNode.Ref(name, format(n, name, type, fmt, maps));
    }

    private static Format format(ConfigNode n, String name, Type type, String fmt, Map<String, Map<String, Object>> maps) {
        if (fmt.isEmpty()) return Format.AS_IS;
        int colon = fmt.indexOf(':');
        String kind = colon < 0 ? fmt : fmt.substring(0, colon);
        String arg = colon < 0 ? "" : fmt.substring(colon + 1);
        switch (kind) {
            case "millis", "seconds", "iso" -> {
                if (type != Type.TIME) throw n.error("format " + kind + " applies to times; '" + name + "' is " + describe(type));
                return new Format(Format.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT)), "");
            }
            case "date" -> {
                if (type != Type.TIME && type != Type.DAY) {
                    throw n.error("format date applies to times and days; '" + name + "' is " + describe(type));
                }
                try {
                    DateTimeFormatter.ofPattern(arg);
                } catch (IllegalArgumentException e) {
                    throw n.error("date pattern '" + arg + "' is not valid: " + e.getMessage());
                }
                if (arg.isEmpty()) throw n.error("format date needs a pattern, such as date:yyyy-MM-dd HH:mm:ss");
                return new Format(Format.Kind.DATE, arg);
            }
            case "map" -> {
                if (!maps.containsKey(arg)) {
                    throw n.error("unknown map '" + arg + "' (the template's maps: " + String.join(", ", new TreeSet<>(maps.keySet())) + ")");
                }
                return new Format(Format.Kind.MAP, arg);
            }
            case "string" -> {
                return new Format(Format.Kind.STRING, "");
            }
            case "number" -> {
                if (type != Type.NUMBER && type != Type.BOOL && type != Type.TIME) {
                    throw n.error("format number applies to numbers, times and true/false; '" + name + "' is " + describe(type));
                }
                return new Format(Format.Kind.NUMBER, "");
            }
            case "fixed" -> {
                if (type != Type.NUMBER) throw n.error("format fixed applies to numbers; '" + name + "' is " + describe(type));
                if (!arg.matches("[0-9]|1[0-5]")) throw n.error("format fixed needs the count of decimals 0..15, got '" + arg + "'");
                return new Format(Format.Kind.FIXED, arg);
            }
            default -> throw n.error("unknown format '" + kind + "' for '" + name
                    + "' (expected millis, seconds, iso, date:PATTERN, map:NAME, string, number or fixed:N)");
        }
    }

    private static String describe(Type t) {
        return switch (t) {
            case TEXT -> "text";
            case NUMBER -> "a number";
            case BOOL -> "true/false";
            case TIME -> "a time";
            case DAY -> "a day";
        };
    }

    private static Object literal(JsonNode raw) {
        if (raw == null || raw.isNull()) return null;
        if (raw.isBoolean()) return raw.asBoolean();
        if (raw.isIntegralNumber()) return raw.asLong();
        if (raw.isNumber()) return raw.asDouble();
        return raw.asText();
    }
}
