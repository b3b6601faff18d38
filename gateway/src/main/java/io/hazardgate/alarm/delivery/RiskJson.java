package io.hazardgate.alarm.delivery;

import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.site.AssessedRisk;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.HazardSourceKind;
import io.hazardgate.record.AlarmEventJson;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The JSON of {@code risk/{site}/{source}} (retained) and {@code risk-event/{site}/{source}} (docs/protocol.md).
 * It carries both colours of a source: {@code assessedRisk}, the static grade from the enterprise's risk
 * assessment, and {@code colour}, the live colour from its active alarms (the project's policy).
 */
public final class RiskJson {
    private RiskJson() {}

    public static byte[] state(RiskState r, long ts) {
        return body(r, ts, null).append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] event(RiskState r, RiskColour previous, long ts) {
        return body(r, ts, previous).append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder body(RiskState r, long ts, RiskColour previous) {
        StringBuilder sb = new StringBuilder(256).append('{');
        AlarmEventJson.str(sb, "site", r.site()).append(',');
        AlarmEventJson.str(sb, "source", r.source().id()).append(',');
        AlarmEventJson.str(sb, "name", r.source().name()).append(',');
        AlarmEventJson.str(sb, "kind", r.source().kind().name().toLowerCase(Locale.ROOT)).append(',');
        HazardSource h = r.source();
        if (h.kind() == HazardSourceKind.TAILINGS_DAM) sb.append("\"class\":").append(h.damClass()).append(',');
        else sb.append("\"grade\":").append(h.grade()).append(',');
        AlarmEventJson.str(sb, "rank", h.rankName()).append(',');
        sb.append("\"priority\":").append(h.priority()).append(',');
        AssessedRisk assessed = h.assessedRisk();
        if (assessed != null) {
            sb.append("\"assessedRisk\":{");
            AlarmEventJson.str(sb, "grade", assessed.wireName()).append(',');
            AlarmEventJson.str(sb, "name", assessed.chinese()).append(',');
            AlarmEventJson.str(sb, "colour", assessed.colour().wireName()).append("},");
        }
        AlarmEventJson.str(sb, "colour", r.colour().wireName()).append(',');
        sb.append("\"level\":").append(r.colour().level()).append(',');
        if (previous != null) AlarmEventJson.str(sb, "previousColour", previous.wireName()).append(',');
        sb.append("\"activeAlarms\":").append(r.activeAlarms()).append(',');
        AlarmEventJson.str(sb, "cause", r.cause()).append(',');
        if (!r.items().isEmpty()) {
            sb.append("\"items\":[");
            for (int i = 0; i < r.items().size(); i++) {
                RiskState.ItemRisk it = r.items().get(i);
                if (i > 0) sb.append(',');
                sb.append('{');
                AlarmEventJson.str(sb, "type", it.type()).append(',');
                AlarmEventJson.str(sb, "colour", it.colour().wireName()).append(',');
                AlarmEventJson.str(sb, "pointColour", it.pointColour().wireName()).append(',');
                sb.append("\"points\":{\"blue\":").append(it.points()[0]).append(",\"yellow\":").append(it.points()[1])
                        .append(",\"orange\":").append(it.points()[2]).append(",\"red\":").append(it.points()[3]).append("}}");
            }
            sb.append("],");
        }
        return sb.append("\"ts\":").append(ts);
    }
}
