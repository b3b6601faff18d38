package io.hazardgate.config.uplink;

import java.util.List;

/**
 * A compiled payload or topic template: the platform's JSON shape with placeholders
 * ({@code ${point.code}}, {@code ${time|date:yyyy-MM-dd HH:mm:ss}}) and repeated parts
 * ({@code $each: readings} with {@code $item}). Checked against {@link TemplateVariables} when the
 * configuration loads, so rendering never meets an unknown name.
 */
public sealed interface TemplateNode {
    /** A JSON object whose fields keep their order. */
    record Obj(List<Field> fields) implements TemplateNode {}

    record Field(String name, TemplateNode value) {}

    /** A JSON array of fixed items. */
    record Arr(List<TemplateNode> items) implements TemplateNode {}

    /** A JSON array with one {@code item} per element of {@code collection}. */
    record Each(String collection, TemplateNode item) implements TemplateNode {}

    /** A constant: text, a number, true/false or null. */
    record Literal(Object value) implements TemplateNode {}

    /** One variable, keeping its type (a number stays a number) unless the format says otherwise. */
    record Ref(String variable, Format format) implements TemplateNode {}

    /** Text with placeholders: always a string. */
    record Text(List<TemplateNode> parts) implements TemplateNode {}

    /**
     * How a variable is written.
     *
     * @param arg the date pattern, the map's name or the number of decimals
     */
    record Format(Kind kind, String arg) {
        public static final Format AS_IS = new Format(Kind.AS_IS, "");

        public enum Kind {
            /** its own type: text, number, true/false; a time as epoch milliseconds */
            AS_IS,
            /** a time as epoch milliseconds */
            MILLIS,
            /** a time as epoch seconds */
            SECONDS,
            /** a time as ISO 8601 with offset, in the uplink's zone */
            ISO,
            /** a time or day with a {@link java.time.format.DateTimeFormatter} pattern, in the uplink's zone */
            DATE,
            /** looked up in one of the template's maps (by its text); {@code *} is the map's default */
            MAP,
            /** as text */
            STRING,
            /** as a number (true/false as 1/0) */
            NUMBER,
            /** a number as text with a fixed count of decimals */
            FIXED
        }
    }
}
