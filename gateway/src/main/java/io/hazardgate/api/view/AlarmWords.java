package io.hazardgate.api.view;

import io.hazardgate.config.rules.TrendRule;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * An alarm event's text in each language of the control room. The event's own {@code message} (as on
 * MQTT) names the point in both languages and states the condition in English; the screen shows one
 * language at a time, so here the message is told again from the event's fields and the point's
 * configuration: in Chinese with Chinese limit names (一级报警, 高高报, 红色预警 …), and in English with the
 * English name alone. An event this cannot retell (a point no longer configured, the gateway's own
 * faults) keeps its message in both.
 */
public final class AlarmWords {
    /** Limit names in Chinese, as control rooms call them (GB/T 50493 levels, GB 50074 H/HH/L/LL, GB 39496 colours). */
    static final Map<String, String> LIMITS_ZH = Map.ofEntries(
            Map.entry("L1", "一级报警"), Map.entry("L2", "二级报警"), Map.entry("H", "高报"), Map.entry("HH", "高高报"),
            Map.entry("L", "低报"), Map.entry("LL", "低低报"), Map.entry("under", "欠氧报警"), Map.entry("over", "富氧报警"),
            Map.entry("blue", "蓝色预警"), Map.entry("yellow", "黄色预警"), Map.entry("orange", "橙色预警"), Map.entry("red", "红色预警"),
            Map.entry("tripped", "动作"), Map.entry("bypassed", "旁路"), Map.entry("maxBypass", "旁路超时"), Map.entry("position", "位置异常"),
            Map.entry("silent", "无数据"), Map.entry("offline", "离线"), Map.entry("quality", "质量差"), Map.entry("nan", "无数值"),
            Map.entry("range", "超量程"), Map.entry("flatline", "数值卡滞"), Map.entry("state", "状态无效"), Map.entry("disagree", "不一致"));
    static final Map<String, String> ROLES_ZH = Map.of("principal", "主要负责人", "technical", "技术负责人", "operational", "操作负责人",
            "supervisor", "库长/监管负责人");
    static final Map<String, String> RULES_ZH = Map.of("high", "高限", "low", "低限", "state", "状态", "rate", "变化速率",
            "acceleration", "加速度", "tangent_angle", "切线角", "rises", "连续上升", "no_data", "无数据", "fault", "故障", "disagree", "一致性检查");

    private AlarmWords() {}

    /** A limit's name in Chinese ({@code HH} → 高高报); the name itself when it has none. */
    public static String limitZh(String name) { return LIMITS_ZH.getOrDefault(name, name); }

    /** The event's message in English, naming the point in English only. */
    public static String english(AlarmEvent e, Sensor s) {
        if (s == null) return e.message();
        String head = s.tag() + " " + s.name() + ": ";
        return e.message().startsWith(head) ? s.tag() + " " + s.names().en() + ": " + e.message().substring(head.length()) : e.message();
    }

    /** The event's message in Chinese. */
    public static String chinese(AlarmEvent e, Sensor s) {
        if (s == null) return e.message();
        String head = s.tag() + " " + s.names().zh() + "：";
        String rule = RULES_ZH.getOrDefault(e.rule(), e.rule());
        return head + switch (e.state()) {
            case ACKNOWLEDGED -> rule + "报警已由 " + (e.ack() == null ? "" : e.ack().by()) + " 确认"
                    + (e.ack() == null || e.ack().comment().isEmpty() ? "" : "（" + e.ack().comment() + "）");
            case FLAPPING -> rule + "报警频繁跳变，保持报警直至稳定";
            case SETTLED -> rule + "报警已稳定，仍处于报警状态";
            case ACK_OVERDUE -> {
                long minutes = Math.max(1, (e.eventTs() - e.raisedTs() + 59_999) / 60_000);
                String role = e.escalation() == null ? "" : ROLES_ZH.getOrDefault(e.escalation().role(), e.escalation().role());
                String person = e.escalation() == null || e.escalation().person().isEmpty() ? "（未配置）" : " " + e.escalation().person();
                yield rule + "报警 " + minutes + " 分钟未确认，已升级通知" + role + person;
            }
            default -> condition(e, s);
        };
    }

    private static String condition(AlarmEvent e, Sensor s) {
        boolean cleared = e.state() == AlarmState.CLEARED;
        String unit = s.unit().isEmpty() ? "" : " " + s.unit();
        return switch (e.kind()) {
            case NO_DATA -> cleared ? "恢复数据"
                    : e.limitName().equals("offline") ? "数据采集器 " + s.device() + " 离线（连接中断）"
                    : "超过 " + duration(s.rules().noData().window(s.period()).toMillis()) + " 无数据（采集周期 "
                    + duration(s.period().toMillis()) + "）";
            case FAULT -> e.rule().equals("disagree")
                    ? (cleared ? "液位开关与变送器恢复一致" : "液位开关与变送器不一致：两台仪表中有一台有误")
                    : cleared ? "传感器故障消除" : "传感器故障：" + fault(e, s, unit);
            case THRESHOLD -> s.type().isDiscrete() ? discrete(e, s, cleared) : threshold(e, s, unit, cleared);
            case TREND -> trend(e, s, cleared);
        };
    }

    private static String fault(AlarmEvent e, Sensor s, String unit) {
        return switch (e.limitName()) {
            case "quality" -> "设备报告数据质量为坏";
            case "nan" -> "设备未发送数值";
            case "state" -> "设备发送的状态不是 0 或 1";
            case "range" -> (Double.isFinite(e.value()) && s.conversion().isIdentity() ? fmt(e.value()) + unit + " " : "读数")
                    + "超出仪表量程 [" + fmt(s.rangeMin()) + ", " + fmt(s.rangeMax()) + "]";
            case "flatline" -> "读数 " + fmt(e.value()) + unit + " 连续 " + s.rules().flatline().samples() + " 次不变（疑似卡滞）";
            default -> limitZh(e.limitName());
        };
    }

    private static String threshold(AlarmEvent e, Sensor s, String unit, boolean cleared) {
        String what = fmt(e.value()) + unit + (s.rules().accumulates() ? "（" + duration(s.rules().accumulate().toMillis()) + "累计）" : "");
        if (cleared) return what + " 恢复正常";
        return what + " " + side(e) + limitZh(e.limitName()) + "限值 " + fmt(e.limit()) + unit;
    }

    private static String trend(AlarmEvent e, Sensor s, boolean cleared) {
        TrendRule t = s.rules().trends().stream().filter(r -> r.name().equals(e.rule())).findFirst().orElse(null);
        String u = e.unit().isEmpty() ? "" : e.unit().equals("°") ? "°" : " " + e.unit();
        String what = t == null ? RULES_ZH.getOrDefault(e.rule(), e.rule()) + " " + fmt(e.value()) + u : switch (t.kind()) {
            case RATE -> "变化速率 " + fmt(e.value()) + u;
            case ACCELERATION -> "加速度 " + fmt(e.value()) + u;
            case TANGENT_ANGLE -> "切线角 " + fmt(e.value()) + u;
            case RISES -> "连续上升 " + (long) e.value() + " 次";
        };
        if (cleared) return what + "，恢复正常";
        String limit = t != null && t.kind() == io.hazardgate.config.rules.TrendKind.RISES ? Long.toString((long) e.limit()) + " 次"
                : fmt(e.limit()) + u;
        return what + " " + side(e) + limitZh(e.limitName()) + "限值 " + limit;
    }

    /** A discrete point's state, as the English message states it. */
    private static String discrete(AlarmEvent e, Sensor s, boolean cleared) {
        String m = e.message();
        return switch (s.type()) {
            case LEVEL_SWITCH -> cleared ? limitZh(e.limitName()) + "开关复位" : limitZh(e.limitName()) + "液位开关动作";
            case INTERLOCK -> cleared ? "联锁复位" : "联锁动作";
            case BYPASS -> cleared ? "旁路解除，恢复投用" : e.limitName().equals("maxBypass") ? "旁路时间超过允许时长" : "联锁已旁路";
            case VALVE_POSITION -> cleared ? "阀门已恢复到应有位置" : m.contains("expected closed") ? "阀门开启，应为关闭" : "阀门关闭，应为开启";
            default -> cleared ? "恢复正常" : limitZh(e.limitName());
        };
    }

    /** Which side of its limit the value is, as the English message says it (a strict limit is "above"). */
    private static String side(AlarmEvent e) {
        String m = e.message();
        if (m.contains(" at or below ")) return "达到或低于";
        if (m.contains(" at or above ")) return "达到或超过";
        if (m.contains(" below ")) return "低于";
        return "超过";
    }

    /** A duration in Chinese: 30 秒, 10 分钟, 1 小时, 2 天. */
    static String duration(long ms) {
        if (ms % 86_400_000L == 0 && ms >= 2 * 86_400_000L) return ms / 86_400_000L + " 天";
        if (ms % 3_600_000L == 0) return ms / 3_600_000L + " 小时";
        if (ms % 60_000L == 0) return ms / 60_000L + " 分钟";
        return (ms + 999) / 1000 + " 秒";
    }

    /** A value as the English message writes it: at most four significant digits after the integer part. */
    static String fmt(double v) {
        if (!Double.isFinite(v)) return "–";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        if (Math.abs(v) >= 1e6) return Double.toString(v);
        int integerDigits = Math.max(1, (int) Math.floor(Math.log10(Math.abs(v))) + 1);
        return new BigDecimal(v).round(new MathContext(integerDigits + 4)).stripTrailingZeros().toPlainString();
    }
}
