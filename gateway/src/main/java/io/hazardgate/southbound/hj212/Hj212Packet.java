package io.hazardgate.southbound.hj212;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data segment of one HJ 212-2017 packet (§6.3.2): {@code QN=...;ST=..;CN=....;PW=...;MN=...;Flag=.;CP=&&...&&}.
 * CP holds {@code key=value} items separated by {@code ;} between groups and {@code ,} within one, such as
 * {@code DataTime=20240501120000;w01018-Rtd=10.5,w01018-Flag=N}.
 *
 * @param flag the Flag field: bit 0 (A) asks for an answer, bit 1 (D) says the packet is one of several
 * @param cp   CP's items in order; keys are unique within a packet
 */
public record Hj212Packet(String qn, String st, String cn, String pw, String mn, int flag, Map<String, String> cp) {
    /** CN of uploads that carry data (HJ 212-2017 table 9): real-time, minute, hour and day data. */
    public static final String REAL_TIME = "2011";
    public static final String MINUTE = "2051";
    public static final String HOUR = "2061";
    public static final String DAY = "2031";
    /** CN of the platform's data answer (数据应答). */
    public static final String DATA_ANSWER = "9014";
    /** ST of system interaction, used by answers. */
    public static final String ST_SYSTEM = "91";
    private static final int MAX_CP_ITEMS = 1024;

    /** Thrown for a data segment that is not one; the message says what was wrong. */
    public static final class Malformed extends Exception {
        Malformed(String message) { super(message, null, false, false); }
    }

    public boolean wantsAnswer() { return (flag & 1) != 0; }

    public boolean carriesData() {
        return cn.equals(REAL_TIME) || cn.equals(MINUTE) || cn.equals(HOUR) || cn.equals(DAY);
    }

    /** The data answer to this packet (its QN echoed), as a data segment. */
    public String answer() {
        return "QN=" + qn + ";ST=" + ST_SYSTEM + ";CN=" + DATA_ANSWER + ";PW=" + pw + ";MN=" + mn + ";Flag=4;CP=&&&&";
    }

    /** Parses a data segment (ASCII). */
    public static Hj212Packet parse(String segment) throws Malformed {
        int cpAt = segment.indexOf("CP=&&");
        if (cpAt < 0) throw new Malformed("no CP=&&...&& in the data segment");
        if (!segment.endsWith("&&") || segment.length() < cpAt + "CP=&&&&".length()) throw new Malformed("CP does not end with &&");
        Map<String, String> head = new LinkedHashMap<>();
        for (String item : segment.substring(0, cpAt).split(";")) {
            if (item.isEmpty()) continue;
            int eq = item.indexOf('=');
            if (eq <= 0) throw new Malformed("'" + clip(item) + "' is not a field=value");
            head.put(item.substring(0, eq), item.substring(eq + 1));
        }
        String qn = head.getOrDefault("QN", "");
        String cn = require(head, "CN");
        String mn = require(head, "MN");
        String pw = require(head, "PW");
        String st = require(head, "ST");
        int flag = 0;
        String flagText = head.get("Flag");
        if (flagText != null) {
            try {
                flag = Integer.parseInt(flagText);
            } catch (NumberFormatException e) {
                throw new Malformed("Flag '" + clip(flagText) + "' is not a number");
            }
        }
        String cpText = segment.substring(cpAt + "CP=&&".length(), segment.length() - 2);
        Map<String, String> cp = new LinkedHashMap<>();
        List<String> items = new ArrayList<>();
        for (String group : cpText.split(";")) for (String item : group.split(",")) if (!item.isEmpty()) items.add(item);
        if (items.size() > MAX_CP_ITEMS) throw new Malformed("CP has more than " + MAX_CP_ITEMS + " items");
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) throw new Malformed("CP item '" + clip(item) + "' is not a key=value");
            cp.put(item.substring(0, eq), item.substring(eq + 1));
        }
        return new Hj212Packet(qn, st, cn, pw, mn, flag, cp);
    }

    private static String require(Map<String, String> head, String field) throws Malformed {
        String v = head.get(field);
        if (v == null || v.isEmpty()) throw new Malformed("missing " + field);
        return v;
    }

    private static String clip(String s) { return s.length() > 40 ? s.substring(0, 40) + "…" : s; }
}
