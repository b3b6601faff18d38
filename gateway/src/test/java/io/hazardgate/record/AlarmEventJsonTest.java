package io.hazardgate.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class AlarmEventJsonTest {
    @Test
    void everyFieldSurvivesTheWireAndBack() {
        AlarmEvent e = new AlarmEvent("s:GT:high:1", 3, "s", "T", "GT", "high", "L2", AlarmKind.THRESHOLD, 4,
                AlarmState.ACK_OVERDUE, 60.5, 50, "%LEL", 1000, 2000, "say \"hi\"\n", 900,
                new Acknowledgement("op", 1500, "ok"), true, new Escalation(2, "technical", "Li Na"), 2);
        String json = AlarmEventJson.toJson(e);
        assertEquals(e, AlarmEventJson.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(true, json.contains("\"priority\":2,"), json);
        assertEquals(true, json.contains("\"state\":\"ack_overdue\"") && json.contains("\"escalation\":{\"step\":2,\"role\":\"technical\",\"person\":\"Li Na\"}"));
    }

    @Test
    void noDataIsGreyWithoutValueAndWithoutAcknowledgementFields() {
        AlarmEvent e = new AlarmEvent("s:GT:no_data:1", 1, "s", "T", "GT", "no_data", "silent", AlarmKind.NO_DATA, 0,
                AlarmState.RAISED, Double.NaN, Double.NaN, "", 0, 10, "no data");
        String json = AlarmEventJson.toJson(e);
        assertEquals(true, json.contains("\"colour\":\"grey\",") && json.contains("\"value\":null") && json.contains("\"acknowledged\":false"));
        assertFalse(json.contains("ackBy"));
        assertFalse(json.contains("escalation"));
        AlarmEvent back = AlarmEventJson.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(e.id(), back.id());
        assertEquals(10, back.raisedTs());
    }
}
