package io.hazardgate.southbound.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.config.device.PayloadProfile;
import io.hazardgate.ingest.PayloadDecoder;
import io.hazardgate.ingest.ReadingBuilder;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.Quality;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads one device's JSON shape as its {@link PayloadProfile} declares it. The payload is parsed into
 * a tree (nesting and number lengths bounded), the readings are found at the profile's path, each value
 * is scaled as its field says, and each goes to the {@link ReadingBuilder} with the checks every reading
 * gets. A value that is {@code null} or not a number is a reading without a value (a fault), as in the
 * gateway's JSON; a member or item that cannot be read at all refuses the message.
 */
final class ProfileDecoder implements PayloadDecoder {
    /** Bounds parsing of untrusted payloads: as deep as the gateway's own decoder goes. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(64)
                    .maxStringLength(64 * 1024).build())
            .build());
    /** ISO 8601 with a space or a 'T' between date and time, as loggers write it. */
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().append(DateTimeFormatter.ISO_LOCAL_TIME).toFormatter();
    private static final DateTimeFormatter OFFSET = new DateTimeFormatterBuilder().append(LOCAL)
            .optionalStart().appendOffsetId().optionalEnd().optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
            .toFormatter();

    private final PayloadProfile profile;

    ProfileDecoder(PayloadProfile profile) {
        this.profile = profile;
    }

    PayloadProfile profile() { return profile; }

    @Override
    public String decode(Bytes payload, ReadingBuilder out) {
        JsonNode root;
        try {
            int n = payload.readableBytes();
            if (payload.hasArray()) {
                root = JSON.readTree(payload.array(), payload.arrayOffset() + payload.readerIndex(), n);
            } else {
                byte[] copy = new byte[n];
                payload.getBytes(payload.readerIndex(), copy);
                root = JSON.readTree(copy);
            }
        } catch (IOException e) {
            return "invalid JSON for payload profile '" + profile.id() + "': " + firstLine(e.getMessage());
        }
        if (root == null || root.isMissingNode()) return "empty payload";
        if (profile.time() != null) {
            JsonNode t = at(root, profile.time().path());
            if (t == null) return "missing '" + String.join(".", profile.time().path()) + "' (the message's time)";
            try {
                if (!out.messageTimestamp(timestamp(t, profile.time(), "'" + String.join(".", profile.time().path()) + "'"))) {
                    return null; // the builder says why
                }
            } catch (BadTime e) {
                return e.getMessage();
            }
        }
        JsonNode readings = at(root, profile.at());
        String where = profile.at().isEmpty() ? "the message" : "'" + String.join(".", profile.at()) + "'";
        if (readings == null) return "missing " + where;
        return profile.shape() == PayloadProfile.Shape.FLAT ? flat(readings, where, out) : array(readings, where, out);
    }

    private String flat(JsonNode obj, String where, ReadingBuilder out) {
        if (!obj.isObject()) return where + " must be an object of name: value";
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (profile.skip().contains(e.getKey())) continue;
            if (!add(e.getKey(), e.getValue(), ReadingBuilder.NO_TIMESTAMP, Quality.GOOD, out)) return null;
        }
        return null;
    }

    private String array(JsonNode list, String where, ReadingBuilder out) {
        if (!list.isArray()) return where + " must be a list of readings";
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            JsonNode name = at(item, profile.name());
            if (name == null || !(name.isTextual() || name.isNumber())) {
                return "item " + i + " of " + where + ": '" + String.join(".", profile.name()) + "' must be a name";
            }
            JsonNode value = at(item, profile.value());
            if (value == null) return "item " + i + " of " + where + ": missing '" + String.join(".", profile.value()) + "'";
            long ts = ReadingBuilder.NO_TIMESTAMP;
            if (profile.itemTime() != null) {
                JsonNode t = at(item, profile.itemTime().path());
                if (t != null && !t.isNull()) {
                    try {
                        ts = timestamp(t, profile.itemTime(), "item " + i + " '" + String.join(".", profile.itemTime().path()) + "'");
                    } catch (BadTime e) {
                        return e.getMessage();
                    }
                }
            }
            Quality q = Quality.GOOD;
            if (profile.quality() != null) q = quality(at(item, profile.quality().path()));
            if (!add(name.asText(), value, ts, q, out)) return null;
        }
        return null;
    }

    private boolean add(String source, JsonNode value, long ts, Quality q, ReadingBuilder out) {
        PayloadProfile.FieldMap f = profile.fields().get(source);
        double v;
        if (value.isNumber()) {
            v = f == null ? value.asDouble() : f.apply(value.asDouble());
        } else if (value.isNull()) {
            v = Double.NaN;
        } else if (value.isTextual()) {
            // some loggers quote their numbers; anything else is a sensor without a value
            try {
                double raw = Double.parseDouble(value.asText().trim());
                v = f == null ? raw : f.apply(raw);
            } catch (NumberFormatException notANumber) {
                v = Double.NaN;
            }
        } else {
            return out.fail("'" + source + "' must be a number, got " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return out.add(f == null ? source : f.tag(), ts, v, q);
    }

    private Quality quality(JsonNode n) {
        if (n == null || n.isNull()) return Quality.GOOD;
        String s = n.asText();
        if (profile.quality().good().contains(s)) return Quality.GOOD;
        if (profile.quality().bad().contains(s)) return Quality.BAD;
        return Quality.UNCERTAIN;
    }

    /** Epoch ms of a time field. */
    private static long timestamp(JsonNode t, PayloadProfile.TimeField f, String what) throws BadTime {
        switch (f.format()) {
            case SECONDS, MILLIS -> {
                double v;
                if (t.isNumber()) {
                    v = t.asDouble();
                } else if (t.isTextual()) {
                    try {
                        v = Double.parseDouble(t.asText().trim());
                    } catch (NumberFormatException e) {
                        throw new BadTime(what + " must be a number of epoch " + (f.format() == PayloadProfile.TimeFormat.SECONDS ? "seconds" : "milliseconds"));
                    }
                } else {
                    throw new BadTime(what + " must be a number");
                }
                double ms = f.format() == PayloadProfile.TimeFormat.SECONDS ? v * 1000 : v;
                if (!Double.isFinite(ms) || Math.abs(ms) > 1e15) {
                    throw new BadTime(what + " " + t.asText() + " is not a time");
                }
                return Math.round(ms);
            }
            default -> {
                if (!t.isTextual()) {
                    throw new BadTime(what + " must be an ISO 8601 date and time");
                }
                String s = t.asText().trim();
                try {
                    var parsed = OFFSET.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
                    if (parsed instanceof OffsetDateTime o) return o.toInstant().toEpochMilli();
                    return ((LocalDateTime) parsed).atZone(f.zone()).toInstant().toEpochMilli();
                } catch (DateTimeException e) {
                    throw new BadTime(what + " '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "' is not an ISO 8601 date and time");
                }
            }
        }
    }

    private static JsonNode at(JsonNode root, List<String> path) {
        JsonNode n = root;
        for (String p : path) {
            if (n == null || !n.isObject()) return null;
            n = n.get(p);
        }
        return n == null || n.isMissingNode() ? null : n;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A time field that cannot be read; carries no stack trace. */
    private static final class BadTime extends Exception {
        BadTime(String message) { super(message, null, false, false); }
    }
}
