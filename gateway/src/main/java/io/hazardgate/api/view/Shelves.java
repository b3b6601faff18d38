package io.hazardgate.api.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.record.AlarmEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarms an operator has shelved (搁置): taken off the control room's active list and its sound for a
 * while, with a reason, by name. Shelving is a matter of the screen only: the alarm engine, MQTT
 * delivery, the journal and the store know nothing of it, so a shelved alarm is still raised, recorded,
 * published and escalated to the responsible persons, and the hazard source keeps its colour. A shelf
 * belongs to the alarm of a point's rule ({@code site:tag:rule}), so an alarm that clears and comes back
 * while shelved stays shelved; it ends at its expiry, when an operator takes it back, or at once when
 * the alarm rises above the level it was shelved at. Kept in a file so that a restart changes nothing;
 * every change is written to the audit log.
 */
public final class Shelves {
    /** The longest an alarm may be shelved: one long shift. Anything longer is a disabled alarm, not a shelved one. */
    public static final Duration MAX_DURATION = Duration.ofHours(12);
    public static final Duration MIN_DURATION = Duration.ofMinutes(1);
    public static final int MAX_REASON = 500;
    /** Shelves at once: bounds the file and the work per request. */
    public static final int MAX_SHELVES = 10_000;
    private static final Logger audit = LoggerFactory.getLogger("io.hazardgate.audit");
    private static final Logger log = LoggerFactory.getLogger(Shelves.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One shelved alarm.
     *
     * @param key   {@code site:tag:rule}: the point's rule whose alarms are shelved
     * @param level the alarm's level when shelved; a higher level ends the shelf
     */
    public record Shelf(String key, String site, String tag, String rule, int level, String by, String reason, long since,
                        long until) {
        public ObjectNode json() {
            ObjectNode n = JSON.createObjectNode();
            n.put("key", key).put("site", site).put("tag", tag).put("rule", rule).put("level", level).put("by", by)
                    .put("reason", reason).put("since", since).put("until", until);
            return n;
        }
    }

    private final Path file;
    private final Clock clock;
    private final Map<String, Shelf> shelves = new LinkedHashMap<>();

    /** @param file where shelves are kept, or null to keep them in memory only */
    public Shelves(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        if (file != null && Files.exists(file)) load();
    }

    /** The key of an alarm's shelf: the point's rule. */
    public static String key(AlarmEvent e) { return e.site() + ":" + e.tag() + ":" + e.rule(); }

    /**
     * Shelves the alarm {@code e} until {@code until}, replacing a shelf it had.
     *
     * @throws IllegalArgumentException with a reason for the operator
     */
    public synchronized Shelf shelve(AlarmEvent e, String by, String reason, long until) {
        long now = clock.millis();
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("'reason' is required: say why the alarm is shelved");
        if (reason.length() > MAX_REASON) throw new IllegalArgumentException("'reason' is longer than " + MAX_REASON + " characters");
        if (until - now < MIN_DURATION.toMillis() || until - now > MAX_DURATION.toMillis()) {
            throw new IllegalArgumentException("an alarm is shelved for 1 min to 12 h; 'until' must lie in that range from now");
        }
        expire(now);
        if (shelves.size() >= MAX_SHELVES && !shelves.containsKey(key(e))) {
            throw new IllegalArgumentException("already " + MAX_SHELVES + " alarms shelved: take some back first");
        }
        Shelf s = new Shelf(key(e), e.site(), e.tag(), e.rule(), e.level(), by, reason.strip(), now, until);
        shelves.put(s.key(), s);
        save();
        audit.info("alarm {} shelved by {} until {}: {}", AuditText.escape(e.id()), AuditText.escape(by),
                java.time.Instant.ofEpochMilli(until), AuditText.escape(s.reason()));
        return s;
    }

    /** Ends the shelf of {@code key}; null when there was none. */
    public synchronized Shelf unshelve(String key, String by) {
        Shelf s = shelves.remove(key);
        if (s != null) {
            save();
            audit.info("alarm shelf {} taken back by {}", AuditText.escape(key), AuditText.escape(by));
        }
        return s;
    }

    /** The shelf that hides {@code e}, or null: none, expired, or the alarm has risen above its level. */
    public synchronized Shelf of(AlarmEvent e) {
        Shelf s = shelves.get(key(e));
        if (s == null) return null;
        if (clock.millis() >= s.until()) {
            expire(clock.millis());
            return null;
        }
        if (e.level() > s.level()) {
            shelves.remove(s.key());
            save();
            audit.info("alarm shelf {} ended: the alarm rose to level {} (shelved at {})", AuditText.escape(s.key()), e.level(), s.level());
            return null;
        }
        return s;
    }

    /** Every shelf in force. */
    public synchronized List<Shelf> active() {
        expire(clock.millis());
        return new ArrayList<>(shelves.values());
    }

    private void expire(long now) {
        boolean changed = shelves.values().removeIf(s -> {
            if (now < s.until()) return false;
            audit.info("alarm shelf {} expired (shelved by {} until {})", AuditText.escape(s.key()), AuditText.escape(s.by()),
                    java.time.Instant.ofEpochMilli(s.until()));
            return true;
        });
        if (changed) save();
    }

    private void load() {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            for (JsonNode n : root) {
                Shelf s = new Shelf(n.path("key").asText(), n.path("site").asText(), n.path("tag").asText(), n.path("rule").asText(),
                        n.path("level").asInt(), n.path("by").asText(), n.path("reason").asText(), n.path("since").asLong(),
                        n.path("until").asLong());
                if (!s.key().isEmpty()) shelves.put(s.key(), s);
            }
        } catch (IOException e) {
            // an unreadable file shows every alarm again, which is the safe side; the operator hears why
            log.warn("shelved alarms in {} cannot be read ({}): every alarm is shown", file, e.getMessage());
        }
    }

    private void save() {
        if (file == null) return;
        ArrayNode all = JSON.createArrayNode();
        for (Shelf s : shelves.values()) all.add(s.json());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
