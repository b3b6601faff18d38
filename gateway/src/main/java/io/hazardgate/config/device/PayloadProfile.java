package io.hazardgate.config.device;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON shape a data logger publishes instead of the gateway's own (docs/devices.md): where the
 * readings are, how each is named, valued and timed, and what each source name maps to. Declared once
 * in a site file under {@code payloads} and named by every device of that kind.
 *
 * @param id      the name devices refer to
 * @param shape   {@link Shape#FLAT}: an object whose members are readings; {@link Shape#ARRAY}: a list of
 *                reading objects
 * @param at      the path (member names) from the message to that object or list; empty: the message
 * @param name    ARRAY only: the path inside an item to its name
 * @param value   ARRAY only: the path inside an item to its value
 * @param time    the message's timestamp (a path from the message root), or null: arrival time
 * @param itemTime ARRAY only: each item's own timestamp (a path inside the item), or null
 * @param quality ARRAY only: each item's quality, or null: good
 * @param skip    FLAT only: member names that are not readings (the time field is skipped anyway)
 * @param fields  by source name: the tag it is and how its value converts; a name not listed is its own tag
 */
public record PayloadProfile(String id, Shape shape, List<String> at, List<String> name, List<String> value,
                             TimeField time, TimeField itemTime, QualityField quality, Set<String> skip,
                             Map<String, FieldMap> fields) {
    public enum Shape { FLAT, ARRAY }

    /** The field a source name maps to, with {@code reading = raw × scale + offset}. */
    public record FieldMap(String tag, double scale, double offset) {
        public static FieldMap identity(String tag) { return new FieldMap(tag, 1, 0); }

        public double apply(double raw) { return raw * scale + offset; }
    }

    /** Where a timestamp is and how it is written. */
    public record TimeField(List<String> path, TimeFormat format, java.time.ZoneId zone) {}

    /** Epoch seconds (integer or decimal), epoch milliseconds, or ISO 8601 text (local times in the declared zone). */
    public enum TimeFormat { SECONDS, MILLIS, ISO }

    /**
     * Where an item's quality is: a value listed under {@code good} is good, under {@code bad} bad, anything
     * else uncertain. Values are compared as text, so {@code 0} and {@code "0"} are the same.
     */
    public record QualityField(List<String> path, Set<String> good, Set<String> bad) {}
}
