package io.hazardgate.uplink.template;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hazardgate.config.uplink.TemplateNode;
import io.hazardgate.config.uplink.TemplateNode.Format;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a message through a compiled template: the JSON body a platform expects, or a topic. The
 * template was checked against the names the uplink fills when the configuration loaded, so every
 * lookup here finds its value. Thread-safe.
 */
public final class TemplateRenderer {
    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, Map<String, Object>> maps;
    private final ZoneId zone;
    private final Map<String, DateTimeFormatter> formatters = new ConcurrentHashMap<>();

    public TemplateRenderer(Map<String, Map<String, Object>> maps, ZoneId zone) {
        this.maps = maps;
        this.zone = zone;
    }

    /** The body, UTF-8 JSON. */
    public byte[] json(TemplateNode template, Context message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            Deque<Context> scopes = new ArrayDeque<>();
            scopes.push(message);
            write(g, template, scopes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A topic or other text template. */
    public String text(TemplateNode template, Context message) {
        Deque<Context> scopes = new ArrayDeque<>();
        scopes.push(message);
        if (template instanceof TemplateNode.Text t) {
            StringBuilder sb = new StringBuilder();
            for (TemplateNode p : t.parts()) sb.append(textOf(p, scopes));
            return sb.toString();
        }
        return textOf(template, scopes);
    }

    private void write(JsonGenerator g, TemplateNode node, Deque<Context> scopes) throws IOException {
        if (node instanceof TemplateNode.Obj o) {
            g.writeStartObject();
            for (TemplateNode.Field f : o.fields()) {
                g.writeFieldName(f.name());
                write(g, f.value(), scopes);
            }
            g.writeEndObject();
        } else if (node instanceof TemplateNode.Arr a) {
            g.writeStartArray();
            for (TemplateNode item : a.items()) write(g, item, scopes);
            g.writeEndArray();
        } else if (node instanceof TemplateNode.Each e) {
            g.writeStartArray();
            for (Context element : collection(scopes, e.collection())) {
                scopes.push(element);
                try {
                    write(g, e.item(), scopes);
                } finally {
                    scopes.pop();
                }
            }
            g.writeEndArray();
        } else if (node instanceof TemplateNode.Literal l) {
            writeValue(g, l.value());
        } else if (node instanceof TemplateNode.Ref r) {
            writeValue(g, formatted(r, scopes));
        } else {
            StringBuilder sb = new StringBuilder();
            for (TemplateNode p : ((TemplateNode.Text) node).parts()) sb.append(textOf(p, scopes));
            g.writeString(sb.toString());
        }
    }

    private String textOf(TemplateNode part, Deque<Context> scopes) {
        Object v = part instanceof TemplateNode.Ref r ? formatted(r, scopes) : ((TemplateNode.Literal) part).value();
        if (v == null) return "";
        if (v instanceof Double d) return Double.isFinite(d) ? plain(d) : "";
        return String.valueOf(v);
    }

    private static List<? extends Context> collection(Deque<Context> scopes, String name) {
        Context inner = scopes.peek();
        return inner.collection(name);
    }

    private static Object lookup(Deque<Context> scopes, String name) {
        for (Context c : scopes) {
            Object v = c.value(name);
            if (v != Context.ABSENT) return v;
        }
        throw new IllegalStateException("no value for template variable " + name);
    }

    /** The value of a placeholder after its format: a String, Number, Boolean or null. */
    private Object formatted(TemplateNode.Ref r, Deque<Context> scopes) {
        Object v = lookup(scopes, r.variable());
        Format f = r.format();
        return switch (f.kind()) {
            case AS_IS -> v instanceof Instant t ? t.toEpochMilli() : v instanceof LocalDate d ? d.toString() : v;
            case MILLIS -> v == null ? null : ((Instant) v).toEpochMilli();
            case SECONDS -> v == null ? null : ((Instant) v).getEpochSecond();
            case ISO -> v == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(((Instant) v).atZone(zone));
            case DATE -> v == null ? null : date(v, f.arg());
            case MAP -> mapped(f.arg(), v);
            case STRING -> v == null ? null : v instanceof Double d ? (Double.isFinite(d) ? plain(d) : null)
                    : v instanceof Instant t ? Long.toString(t.toEpochMilli()) : String.valueOf(v);
            case NUMBER -> v instanceof Boolean b ? (b ? 1 : 0) : v instanceof Instant t ? t.toEpochMilli() : v;
            case FIXED -> v instanceof Number n && Double.isFinite(n.doubleValue())
                    ? BigDecimal.valueOf(n.doubleValue()).setScale(Integer.parseInt(f.arg()), RoundingMode.HALF_UP).toPlainString()
                    : null;
        };
    }

    private String date(Object v, String pattern) {
        DateTimeFormatter fmt = formatters.computeIfAbsent(pattern, DateTimeFormatter::ofPattern);
        if (v instanceof LocalDate d) return fmt.format(d);
        return fmt.format(((Instant) v).atZone(zone));
    }

    private Object mapped(String map, Object v) {
        Map<String, Object> m = maps.get(map);
        String key = v == null ? "null" : v instanceof Instant t ? Long.toString(t.toEpochMilli()) : String.valueOf(v);
        if (m.containsKey(key)) return m.get(key);
        if (m.containsKey("*")) return m.get("*");
        return v instanceof Instant t ? t.toEpochMilli() : v;
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Double d) {
            if (Double.isFinite(d)) g.writeNumber(d);
            else g.writeNull();
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    /** A double as text without an exponent or a trailing ".0" on whole numbers. */
    private static String plain(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
