package io.hazardgate.response;

import io.hazardgate.config.response.ChannelSettings;
import io.hazardgate.config.response.ResponseSettings;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The words of notifications, in Chinese by default (English with {@code language: en}): a subject line,
 * the full text of a mail, the short text of an SMS, and what a voice call says. Each names the point,
 * its value and limit, the colour, the hazard source and site, when, why this person is told, and the
 * link that acknowledges the alarm.
 */
final class MessageText {
    /** What a notice is about, already resolved to names. */
    record Subject(String cause, String colour, String kind, String site, String siteName, String source, String sourceName,
                   String tag, String pointName, String value, String limitName, String limit, String unit, long ts,
                   String alarm, String reason, boolean acknowledged, String ackBy, String escalatedTo, String detail) {}

    private final boolean zh;
    private final ZoneId zone;
    private final long lifetimeHours;
    private final DateTimeFormatter time;

    MessageText(ResponseSettings s) {
        this.zh = s.language().equals(ResponseSettings.ZH);
        this.zone = s.zone();
        this.lifetimeHours = Math.max(1, s.linkLifetime().toHours());
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
    }

    String title(Subject s) {
        String what = s.sourceName() + " " + s.tag() + (s.pointName().isEmpty() || s.pointName().equals(s.tag()) ? "" : " " + s.pointName());
        if (zh) {
            String head = switch (s.cause()) {
                case "ack_overdue" -> "【未确认·已升级】";
                case "cleared" -> "【已恢复】";
                case "acknowledged" -> "【已确认】";
                case "risk" -> "【监测项" + colour(s.colour()) + "预警】";
                case "risk_overdue" -> "【监测项" + colour(s.colour()) + "预警·未确认·已升级】";
                default -> "【" + colourHead(s.colour(), s.kind()) + "】";
            };
            return head + what + (s.cause().startsWith("risk") ? "" : " " + kind(s.kind()));
        }
        String head = switch (s.cause()) {
            case "ack_overdue" -> "[UNACKNOWLEDGED, escalated] ";
            case "cleared" -> "[CLEARED] ";
            case "acknowledged" -> "[ACKNOWLEDGED] ";
            case "risk" -> "[" + s.colour().toUpperCase(java.util.Locale.ROOT) + " item warning] ";
            case "risk_overdue" -> "[" + s.colour().toUpperCase(java.util.Locale.ROOT) + " item warning UNACKNOWLEDGED, escalated] ";
            default -> "[" + s.colour().toUpperCase(java.util.Locale.ROOT) + " " + kind(s.kind()) + "] ";
        };
        return head + what;
    }

    /** The text for a channel of {@code type}. */
    String text(Subject s, ChannelSettings.Type type, String link) {
        return switch (type) {
            case SMS -> sms(s, link);
            case VOICE -> voice(s);
            default -> mail(s, link);
        };
    }

    private String mail(Subject s, String link) {
        StringBuilder b = new StringBuilder();
        String when = time.format(Instant.ofEpochMilli(s.ts())) + " (" + zone.getId() + ")";
        if (zh) {
            b.append(title(s)).append("\n\n");
            if (!s.cause().startsWith("risk")) b.append("测点: ").append(s.tag()).append(' ').append(s.pointName()).append('\n');
            if (!s.value().isEmpty()) b.append("数值: ").append(s.value()).append(unit(s)).append('\n');
            if (!s.limitName().isEmpty()) b.append("限值: ").append(s.limitName()).append(s.limit().isEmpty() ? "" : " " + s.limit() + unit(s)).append('\n');
            b.append("颜色: ").append(colour(s.colour())).append('\n');
            b.append("危险源: ").append(s.sourceName()).append(" (").append(s.source()).append(")\n");
            b.append("站点: ").append(s.siteName()).append(" (").append(s.site()).append(")\n");
            b.append("时间: ").append(when).append('\n');
            if (!s.escalatedTo().isEmpty()) b.append("升级至: ").append(s.escalatedTo()).append('\n');
            if (!s.cause().startsWith("risk")) {
                b.append("状态: ").append(s.acknowledged() ? "已确认" + (s.ackBy().isEmpty() ? "" : " (" + s.ackBy() + ")") : "未确认").append('\n');
                b.append("报警编号: ").append(s.alarm()).append('\n');
            }
            if (!s.detail().isEmpty()) b.append("说明: ").append(s.detail()).append('\n');
            b.append("通知原因: ").append(reason(s.reason())).append('\n');
            if (!link.isEmpty()) {
                b.append("\n确认报警 (").append(lifetimeHours).append(" 小时内有效, 仅可使用一次):\n").append(link).append('\n');
            }
            b.append("\n—— HazardGate 重大危险源与尾矿库监测预警网关");
        } else {
            b.append(title(s)).append("\n\n");
            if (!s.cause().startsWith("risk")) b.append("Point: ").append(s.tag()).append(' ').append(s.pointName()).append('\n');
            if (!s.value().isEmpty()) b.append("Value: ").append(s.value()).append(unit(s)).append('\n');
            if (!s.limitName().isEmpty()) b.append("Limit: ").append(s.limitName()).append(s.limit().isEmpty() ? "" : " " + s.limit() + unit(s)).append('\n');
            b.append("Colour: ").append(s.colour()).append('\n');
            b.append("Hazard source: ").append(s.sourceName()).append(" (").append(s.source()).append(")\n");
            b.append("Site: ").append(s.siteName()).append(" (").append(s.site()).append(")\n");
            b.append("Time: ").append(when).append('\n');
            if (!s.escalatedTo().isEmpty()) b.append("Escalated to: ").append(s.escalatedTo()).append('\n');
            if (!s.cause().startsWith("risk")) {
                b.append("State: ").append(s.acknowledged() ? "acknowledged" + (s.ackBy().isEmpty() ? "" : " by " + s.ackBy()) : "unacknowledged").append('\n');
                b.append("Alarm id: ").append(s.alarm()).append('\n');
            }
            if (!s.detail().isEmpty()) b.append("Detail: ").append(s.detail()).append('\n');
            b.append("Why you: ").append(s.reason()).append('\n');
            if (!link.isEmpty()) b.append("\nAcknowledge (valid ").append(lifetimeHours).append(" h, once):\n").append(link).append('\n');
            b.append("\n-- HazardGate");
        }
        return b.toString();
    }

    private String sms(Subject s, String link) {
        String hm = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(zone).format(Instant.ofEpochMilli(s.ts()));
        String reading = s.value().isEmpty() ? "" : " " + s.value() + unit(s)
                + (s.limitName().isEmpty() ? "" : (zh ? " 限值 " : " limit ") + s.limitName() + (s.limit().isEmpty() ? "" : " " + s.limit() + unit(s)));
        String ack = link.isEmpty() ? "" : (zh ? " 确认: " : " Ack: ") + link;
        return title(s) + reading + " " + hm + ack;
    }

    private String voice(Subject s) {
        if (zh) {
            String v = s.value().isEmpty() ? "" : "，数值 " + s.value() + unit(s) + (s.limit().isEmpty() ? "" : "，限值 " + s.limit() + unit(s));
            return "这里是 HazardGate 监测预警。" + s.sourceName() + "，测点 " + s.tag() + " " + s.pointName() + "，"
                    + colour(s.colour()) + kind(s.kind()) + (s.cause().equals("ack_overdue") ? "，报警未确认，已升级" : "") + v
                    + "。请立即处理，并通过短信或邮件中的链接确认。";
        }
        String v = s.value().isEmpty() ? "" : ", value " + s.value() + unit(s) + (s.limit().isEmpty() ? "" : ", limit " + s.limit() + unit(s));
        return "This is HazardGate. " + s.sourceName() + ", point " + s.tag() + " " + s.pointName() + ", " + s.colour() + " "
                + kind(s.kind()) + (s.cause().equals("ack_overdue") ? ", not acknowledged, escalated" : "") + v
                + ". Please respond and acknowledge with the link in your message.";
    }

    /** The subject and text of a message carrying several notices. */
    String digestSubject(List<Notice> ns) {
        String worst = worstColour(ns);
        return zh ? "【HazardGate】" + ns.size() + " 条报警通知 (最高: " + colour(worst) + ")"
                : "[HazardGate] " + ns.size() + " alarm notifications (highest: " + worst + ")";
    }

    String digestText(List<Notice> ns, ChannelSettings.Type type) {
        StringBuilder b = new StringBuilder();
        if (type == ChannelSettings.Type.VOICE) {
            b.append(zh ? "这里是 HazardGate 监测预警，您有 " + ns.size() + " 条报警：" : "This is HazardGate, " + ns.size() + " alarms: ");
            for (Notice n : ns) b.append(n.title()).append(zh ? "。" : ". ");
            b.append(zh ? "请立即处理，并通过短信或邮件中的链接确认。" : "Please respond and acknowledge with the links in your messages.");
            return b.toString();
        }
        if (type != ChannelSettings.Type.SMS) b.append(digestSubject(ns)).append("\n\n");
        for (int i = 0; i < ns.size(); i++) {
            if (i > 0) b.append(type == ChannelSettings.Type.SMS ? "\n" : "\n\n――――――――――――――――\n\n");
            b.append(type == ChannelSettings.Type.SMS ? (i + 1) + ") " : "").append(ns.get(i).text());
        }
        return b.toString();
    }

    private static String worstColour(List<Notice> ns) {
        List<String> order = List.of("grey", "blue", "yellow", "orange", "red");
        String worst = "grey";
        for (Notice n : ns) if (order.indexOf(n.colour()) > order.indexOf(worst)) worst = n.colour();
        return worst;
    }

    private static String unit(Subject s) { return s.unit().isEmpty() ? "" : " " + s.unit(); }

    String colour(String c) {
        if (!zh) return c;
        return COLOURS_ZH.getOrDefault(c, c);
    }

    private String colourHead(String c, String kind) {
        if (c.equals("grey")) return zh ? (kind.equals("no_data") ? "数据中断" : "设备故障") : kind;
        return zh ? colour(c) + "预警" : c;
    }

    String kind(String k) {
        if (!zh) return k.replace('_', '-');
        return switch (k) {
            case "threshold" -> "超限报警";
            case "trend" -> "趋势预警";
            case "no_data" -> "数据中断";
            case "fault" -> "设备故障";
            default -> k;
        };
    }

    String reason(String r) {
        if (!zh) return r;
        String out = r;
        for (Map.Entry<String, String> e : ROLES_ZH.entrySet()) out = out.replace(e.getKey(), e.getValue());
        return out;
    }

    private static final Map<String, String> COLOURS_ZH = Map.of("red", "红色", "orange", "橙色", "yellow", "黄色", "blue", "蓝色",
            "grey", "灰色", "green", "绿色");
    private static final Map<String, String> ROLES_ZH = new java.util.LinkedHashMap<>();

    static {
        ROLES_ZH.put("escalation", "未确认升级");
        ROLES_ZH.put("principal", "主要负责人");
        ROLES_ZH.put("technical", "技术负责人");
        ROLES_ZH.put("operational", "操作负责人");
        ROLES_ZH.put("supervisor", "库长/监管负责人");
        ROLES_ZH.put("duty", "值班人员");
        ROLES_ZH.put("team", "班组");
        ROLES_ZH.put("named", "路由指定");
        ROLES_ZH.put("system", "系统");
    }

    /** A value with at most 4 decimals, without trailing zeros; "" when not a number. */
    static String fmt(double v) {
        if (!Double.isFinite(v)) return "";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        if (Math.abs(v) >= 1e6) return Double.toString(v);
        int integerDigits = Math.max(1, (int) Math.floor(Math.log10(Math.abs(v))) + 1);
        return new BigDecimal(v).round(new MathContext(integerDigits + 4)).stripTrailingZeros().toPlainString();
    }
}
