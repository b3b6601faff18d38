package io.hazardgate.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.alarm.delivery.RiskJson;
import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.site.AssessedRisk;
import io.hazardgate.config.site.DamDesign;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.HazardSourceKind;
import io.hazardgate.config.site.ResponsiblePersons;
import io.hazardgate.record.Acknowledgement;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Escalation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Alarm events and hazard-source colours are written byte for byte as the earlier hand-written encoder
 * wrote them: the alarm journal and the durable log keep these bytes, and control rooms parse them. The
 * expected texts were taken from that encoder; the odd event holds what escaping can get wrong (quotes,
 * backslashes, control characters, Chinese, U+2028, a character outside the BMP).
 */
class WrittenJsonUnchangedTest {
    private static final String FULL = "{\"id\":\"s:GT:high:1\",\"seq\":3,\"site\":\"s\",\"source\":\"T\",\"tag\":\"GT\","
            + "\"rule\":\"high\",\"limitName\":\"L2\",\"kind\":\"threshold\",\"level\":4,\"colour\":\"red\","
            + "\"priority\":2,\"state\":\"ack_overdue\",\"value\":60.5,\"limit\":50.0,\"unit\":\"%LEL\","
            + "\"readingTs\":1000,\"eventTs\":2000,\"message\":\"say \\\"hi\\\"\\n\",\"raisedTs\":900,"
            + "\"acknowledged\":true,\"ackBy\":\"op\",\"ackTs\":1500,\"ackComment\":\"ok\",\"flapping\":true,"
            + "\"escalation\":{\"step\":2,\"role\":\"technical\",\"person\":\"Li Na\"}}";
    private static final String NO_DATA = "{\"id\":\"s:GT:no_data:1\",\"seq\":1,\"site\":\"s\",\"source\":\"T\",\"tag\":\"GT\","
            + "\"rule\":\"no_data\",\"limitName\":\"silent\",\"kind\":\"no_data\",\"level\":0,\"colour\":\"grey\","
            + "\"priority\":5,\"state\":\"raised\",\"value\":null,\"limit\":null,\"unit\":\"\","
            + "\"readingTs\":0,\"eventTs\":10,\"message\":\"no data\",\"raisedTs\":10,\"acknowledged\":false,"
            + "\"flapping\":false}";
    private static final String ODD = "{\"id\":\"demo:\u6d78\u6da6\u7ebf:high:7\",\"seq\":12,\"site\":\"demo\",\"source\":\"TD1\","
            + "\"tag\":\"\u6d78\u6da6\u7ebf\",\"rule\":\"high\",\"limitName\":\"HH\",\"kind\":\"trend\","
            + "\"level\":3,\"colour\":\"orange\",\"priority\":1,\"state\":\"cleared\",\"value\":1.0E-7,"
            + "\"limit\":1.23456789E7,\"unit\":\"m\\\\s\",\"readingTs\":1714000000123,\"eventTs\":1714000000456,"
            + "\"message\":\"\u575d\u4f53\u4f4d\u79fb\\t\u8d85\u9650 \\u0008\\u000c\\u0001\\u001f / \u2028 \ud83d\ude00 end\","
            + "\"raisedTs\":1714000000000,\"acknowledged\":true,\"ackBy\":\"\u503c\u73ed\u5458\","
            + "\"ackTs\":1714000000300,\"ackComment\":\"\u5df2\u786e\u8ba4\\r\\n\",\"flapping\":false}";
    private static final String RISK_STATE = "{\"site\":\"demo\",\"source\":\"TD1\",\"name\":\"\u4e00\u53f7\u5c3e\u77ff\u5e93 \\\"north\\\"\","
            + "\"kind\":\"tailings_dam\",\"class\":2,\"rank\":\"\u4e8c\u7b49\",\"priority\":2,\"assessedRisk\":{\"grade\":\"large\","
            + "\"name\":\"\u8f83\u5927\u98ce\u9669\",\"colour\":\"orange\"},\"colour\":\"orange\","
            + "\"level\":3,\"activeAlarms\":2,\"cause\":\"\u4e24\u4e2a\u70b9\\n\u9ec4\u8272\",\"items\":[{\"type\":\"displacement\","
            + "\"colour\":\"orange\",\"pointColour\":\"yellow\",\"points\":{\"blue\":3,\"yellow\":2,"
            + "\"orange\":0,\"red\":0}}],\"ts\":1714000000999}";
    private static final String RISK_EVENT = "{\"site\":\"demo\",\"source\":\"TD1\",\"name\":\"\u4e00\u53f7\u5c3e\u77ff\u5e93 \\\"north\\\"\","
            + "\"kind\":\"tailings_dam\",\"class\":2,\"rank\":\"\u4e8c\u7b49\",\"priority\":2,\"assessedRisk\":{\"grade\":\"large\","
            + "\"name\":\"\u8f83\u5927\u98ce\u9669\",\"colour\":\"orange\"},\"colour\":\"orange\","
            + "\"level\":3,\"previousColour\":\"yellow\",\"activeAlarms\":2,\"cause\":\"\u4e24\u4e2a\u70b9\\n\u9ec4\u8272\","
            + "\"items\":[{\"type\":\"displacement\",\"colour\":\"orange\",\"pointColour\":\"yellow\","
            + "\"points\":{\"blue\":3,\"yellow\":2,\"orange\":0,\"red\":0}}],\"ts\":1714000000999}";
    private static final String RISK_GREEN = "{\"site\":\"s\",\"source\":\"T\",\"name\":\"Tank\",\"kind\":\"major_hazard\",\"grade\":1,"
            + "\"rank\":\"\u4e00\u7ea7\",\"priority\":1,\"colour\":\"green\",\"level\":0,\"activeAlarms\":0,"
            + "\"cause\":\"\",\"ts\":5}";

    static final AlarmEvent FULL_EVENT = new AlarmEvent("s:GT:high:1", 3, "s", "T", "GT", "high", "L2", AlarmKind.THRESHOLD, 4,
            AlarmState.ACK_OVERDUE, 60.5, 50, "%LEL", 1000, 2000, "say \"hi\"\n", 900,
            new Acknowledgement("op", 1500, "ok"), true, new Escalation(2, "technical", "Li Na"), 2);
    static final AlarmEvent NO_DATA_EVENT = new AlarmEvent("s:GT:no_data:1", 1, "s", "T", "GT", "no_data", "silent",
            AlarmKind.NO_DATA, 0, AlarmState.RAISED, Double.NaN, Double.NaN, "", 0, 10, "no data");
    static final AlarmEvent ODD_EVENT = new AlarmEvent("demo:\u6d78\u6da6\u7ebf:high:7", 12, "demo", "TD1",
            "\u6d78\u6da6\u7ebf", "high", "HH", AlarmKind.TREND, 3, AlarmState.CLEARED, 1.0E-7, 12345678.9, "m\\s",
            1714000000123L, 1714000000456L, "\u575d\u4f53\u4f4d\u79fb\t\u8d85\u9650 \b\f\u0001\u001f / \u2028 \ud83d\ude00 end",
            1714000000000L, new Acknowledgement("\u503c\u73ed\u5458", 1714000000300L, "\u5df2\u786e\u8ba4\r\n"), false, null, 1);

    @Test
    void alarmEventsAreWrittenAsBefore() {
        assertEquals(FULL, AlarmEventJson.toJson(FULL_EVENT));
        assertEquals(NO_DATA, AlarmEventJson.toJson(NO_DATA_EVENT));
        assertEquals(ODD, AlarmEventJson.toJson(ODD_EVENT));
        assertEquals(ODD, new String(AlarmEventJson.encode(ODD_EVENT), StandardCharsets.UTF_8));
    }

    @Test
    void alarmEventsWrittenBeforeAreReadBack() {
        assertEquals(FULL_EVENT, AlarmEventJson.decode(FULL.getBytes(StandardCharsets.UTF_8)));
        assertEquals(ODD_EVENT, AlarmEventJson.decode(ODD.getBytes(StandardCharsets.UTF_8)));
        assertEquals(NO_DATA_EVENT.id(), AlarmEventJson.decode(NO_DATA.getBytes(StandardCharsets.UTF_8)).id());
    }

    @Test
    void hazardSourceColoursAreWrittenAsBefore() {
        HazardSource dam = new HazardSource("TD1", "\u4e00\u53f7\u5c3e\u77ff\u5e93 \"north\"", HazardSourceKind.TAILINGS_DAM, 0, 2,
                AssessedRisk.LARGE, DamDesign.NONE, ResponsiblePersons.NONE);
        RiskState r = new RiskState("demo", dam, RiskColour.ORANGE, 2, List.of(new RiskState.ItemRisk("displacement",
                RiskColour.ORANGE, RiskColour.YELLOW, new int[] {3, 2, 0, 0})), "\u4e24\u4e2a\u70b9\n\u9ec4\u8272");
        assertEquals(RISK_STATE, new String(RiskJson.state(r, 1714000000999L), StandardCharsets.UTF_8));
        assertEquals(RISK_EVENT, new String(RiskJson.event(r, RiskColour.YELLOW, 1714000000999L), StandardCharsets.UTF_8));
        HazardSource tank = new HazardSource("T", "Tank", HazardSourceKind.MAJOR_HAZARD, 1, ResponsiblePersons.NONE);
        assertEquals(RISK_GREEN, new String(RiskJson.state(new RiskState("s", tank, RiskColour.GREEN, 0, List.of(), ""), 5),
                StandardCharsets.UTF_8));
    }
}
