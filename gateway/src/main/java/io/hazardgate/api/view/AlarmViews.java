package io.hazardgate.api.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Names;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.Acknowledgement;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Escalation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An alarm event as the control room's HTTP side shows it: the event exactly as on MQTT, plus its text
 * in Chinese and English ({@link AlarmWords}), the point's and source's names in both, and its shelf when
 * an operator has shelved it. The same shape for the active list, the live stream and the journal.
 */
public final class AlarmViews {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACKED_BY = Pattern.compile("alarm acknowledged by (.*?)(?: \\((.*)\\))?$");
    private static final Pattern ESCALATED_TO = Pattern.compile("escalated to the (principal|technical|operational|supervisor) responsible person(?: (.*))?$");

    private final LiveReadings live;
    private final Shelves shelves;

    public AlarmViews(LiveReadings live, Shelves shelves) {
        this.live = live;
        this.shelves = shelves;
    }

    public Shelves shelves() { return shelves; }

    /** The event with its texts, names and shelf. */
    public ObjectNode json(AlarmEvent e) {
        ObjectNode n;
        try {
            n = (ObjectNode) JSON.readTree(AlarmEventJson.encode(e));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        decorate(n, e);
        Shelves.Shelf shelf = shelves.of(e);
        if (shelf != null) n.set("shelved", shelf.json());
        return n;
    }

    /** {@link #json} as text, for the live stream. */
    public String text(AlarmEvent e) { return json(e).toString(); }

    /**
     * A stored event (a row of the store's {@code alarm_event}, columns by name) in the same shape. What
     * the store does not keep (who acknowledged, whom it was escalated to) is read back from its message.
     */
    public ObjectNode stored(JsonNode row) {
        long eventTs = row.path("eventTs").asLong();
        AlarmState state = AlarmState.fromWireName(row.path("state").asText());
        String message = row.path("message").asText();
        Acknowledgement ack = null;
        Escalation escalation = null;
        Matcher m = ACKED_BY.matcher(message);
        if (state == AlarmState.ACKNOWLEDGED && m.find()) ack = new Acknowledgement(m.group(1), eventTs, m.group(2) == null ? "" : m.group(2));
        Matcher x = ESCALATED_TO.matcher(message);
        if (state == AlarmState.ACK_OVERDUE && x.find()) {
            // the step on its colour's ladder is not in the message (nor in the row): 0, the role and the person are
            escalation = new Escalation(0, x.group(1), x.group(2) == null || x.group(2).startsWith("(") ? "" : x.group(2));
        }
        long raisedTs = row.path("raisedTs").isNumber() ? row.path("raisedTs").asLong() : eventTs;
        AlarmEvent e = new AlarmEvent(row.path("id").asText(), row.path("seq").asLong(), row.path("site").asText(),
                row.path("source").asText(), row.path("tag").asText(), row.path("rule").asText(), row.path("limitName").asText(""),
                AlarmKind.fromWireName(row.path("kind").asText()), row.path("level").asInt(), state,
                row.path("value").isNumber() ? row.path("value").asDouble() : Double.NaN,
                row.path("limit").isNumber() ? row.path("limit").asDouble() : Double.NaN, row.path("unit").asText(""),
                row.path("readingTs").asLong(), eventTs, message, raisedTs, ack, false, escalation, HazardSource.UNGRADED);
        ObjectNode n = JSON.createObjectNode();
        row.fields().forEachRemaining(f -> n.set(f.getKey(), f.getValue()));
        n.put("raisedTs", raisedTs);
        decorate(n, e);
        return n;
    }

    private void decorate(ObjectNode n, AlarmEvent e) {
        Sensor s = e.kind() == null || e.state() == null ? null : live.sensor(e.site(), e.tag());
        ObjectNode text = n.putObject("text");
        text.put("zh", s == null ? e.message() : AlarmWords.chinese(e, s));
        text.put("en", s == null ? e.message() : AlarmWords.english(e, s));
        n.put("limitNameZh", AlarmWords.limitZh(e.limitName()));
        if (s != null) names(n.putObject("sensorName"), s.names());
        Site site = live.site(e.site());
        HazardSource h = site == null ? null : site.hazardSource(e.source());
        if (h != null) names(n.putObject("sourceName"), h.names());
    }

    static void names(ObjectNode n, Names names) {
        n.put("zh", names.zh()).put("en", names.en());
    }
}
