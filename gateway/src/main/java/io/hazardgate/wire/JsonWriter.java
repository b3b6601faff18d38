package io.hazardgate.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * How the gateway writes the JSON it sends and keeps off the hot path (alarm events, colours, device
 * errors): Jackson's streaming generator, fields in the order the code writes them, which is the order
 * docs/protocol.md shows. Strings are escaped as RFC 8259 §7 asks, a control character other than tab,
 * line feed and carriage return as a six-character escape with lower-case hex digits, as alarm events
 * already in logs and journals are spelt, so what is written today is byte for byte what was written
 * before. The hot path's
 * telemetry decoder and line-protocol encoder are hand-written and measured (docs/benchmarks.md).
 */
public final class JsonWriter {
    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .characterEscapes(new ControlCharactersAsUnicode())
            .build();

    private JsonWriter() {}

    /** Writes one JSON value with a generator. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** The value {@code body} writes, as UTF-8. */
    public static byte[] bytes(Body body) { return string(body).getBytes(StandardCharsets.UTF_8); }

    /** The value {@code body} writes. */
    public static String string(Body body) {
        // through a String, so an unpaired surrogate becomes '?' on encoding instead of failing the write
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail; a malformed body does
        }
        return out.toString();
    }

    /** {@code v} escaped as it stands between the quotes of a JSON string (for templates that hold the quotes). */
    public static String escaped(String v) {
        String quoted = string(g -> g.writeString(v));
        return quoted.substring(1, quoted.length() - 1);
    }

    /** {@code "field": v}, or {@code "field": null} for NaN and the infinities, which JSON cannot carry. */
    public static void numberOrNull(JsonGenerator g, String field, double v) throws IOException {
        g.writeFieldName(field);
        if (Double.isFinite(v)) g.writeNumber(v);
        else g.writeNull();
    }

    /** Jackson's standard escapes, except backspace and form feed (U+0008, U+000C) as six-character escapes. */
    private static final class ControlCharactersAsUnicode extends CharacterEscapes {
        private final int[] codes;

        ControlCharactersAsUnicode() {
            codes = standardAsciiEscapesForJSON();
            codes['\b'] = ESCAPE_STANDARD;
            codes['\f'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() { return codes; }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) { return null; }
    }
}
