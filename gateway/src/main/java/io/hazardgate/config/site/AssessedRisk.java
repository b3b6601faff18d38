package io.hazardgate.config.site;

import io.hazardgate.config.rules.RiskColour;
import java.util.Locale;

/**
 * The assessed, static risk grade of a hazard source (安全风险分级: 重大/较大/一般/低风险), shown in
 * red/orange/yellow/blue throughout Chinese safety supervision. It comes from the enterprise's risk
 * assessment, is carried in the site file, and does not change with alarms; the live colour from active
 * alarms is shown beside it and is a different thing (docs/alarms.md, "Two colours").
 */
public enum AssessedRisk {
    MAJOR("重大风险", RiskColour.RED),
    LARGE("较大风险", RiskColour.ORANGE),
    GENERAL("一般风险", RiskColour.YELLOW),
    LOW("低风险", RiskColour.BLUE);

    private final String chinese;
    private final RiskColour colour;

    AssessedRisk(String chinese, RiskColour colour) {
        this.chinese = chinese;
        this.colour = colour;
    }

    public String wireName() { return name().toLowerCase(Locale.ROOT); }

    /** 重大风险, 较大风险, 一般风险, 低风险. */
    public String chinese() { return chinese; }

    public RiskColour colour() { return colour; }

    /** By English wire name ({@code major} …) or Chinese name (重大风险 or 重大 …); null when neither. */
    public static AssessedRisk parse(String s) {
        for (AssessedRisk r : values()) {
            if (r.wireName().equals(s) || r.chinese.equals(s) || r.chinese.equals(s + "风险")) return r;
        }
        return null;
    }
}
