package io.hazardgate.uplink.template;

import java.util.List;

/**
 * The values one level of a message offers its template: the message itself, or one element of a
 * collection ({@code $each}). A name this level does not have is looked up in the enclosing one.
 * Values are {@link String}, {@link Number} (a NaN is written as null), {@link Boolean},
 * {@link java.time.Instant} (a time) or {@link java.time.LocalDate} (a day).
 */
public interface Context {
    /** The value of {@code name}, or {@link #ABSENT} when this level does not have it. */
    Object value(String name);

    /** The elements of collection {@code name}; empty when this level does not have it. */
    default List<? extends Context> collection(String name) { return List.of(); }

    /** Marks a name this level does not have (null itself is a value: JSON null). */
    Object ABSENT = new Object() {
        @Override public String toString() { return "absent"; }
    };
}
