package io.hazardgate.uplink;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The message schemas of the example provincial platform of config/examples/province (the shapes the
 * provincial access specifications share: enterprise code on every message, coded hazard source /
 * equipment / point per value, times as {@code yyyy-MM-dd HH:mm:ss}, alarm and clearance as their own
 * messages). Each check names the field that is wrong, as a platform's answer does.
 */
final class ProvinceSchemas {
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private ProvinceSchemas() {}

    static Map<String, PlatformReceiver.Schema> all() {
        return Map.of("realtime", b -> values(b, "1"), "history", b -> values(b, "2"), "alarm", ProvinceSchemas::alarm,
                "basic", ProvinceSchemas::basic, "statistics", ProvinceSchemas::statistics);
    }

    private static void values(JsonNode b, String sjlx) {
        text(b, "qybm");
        text(b, "sjid");
        oneOf(b, "sjlx", List.of(sjlx));
        time(b, "fssj");
        JsonNode sj = b.path("sj");
        if (!sj.isArray() || sj.isEmpty()) throw new IllegalArgumentException("sj: must be a non-empty array");
        if (b.path("sjts").asInt(-1) != sj.size()) throw new IllegalArgumentException("sjts: must be the count of sj");
        for (int i = 0; i < sj.size(); i++) {
            JsonNode r = sj.get(i);
            String at = "sj[" + i + "].";
            text(r, "zdwxybm", at);
            text(r, "zbbm", at);
            string(r, "sbbm", at);
            string(r, "dw", at);
            numberOrNull(r, "ssz", at);
            time(r, "cjsj", at);
            if (!r.path("cjsjhm").isIntegralNumber()) throw new IllegalArgumentException(at + "cjsjhm: must be epoch ms");
            oneOf(r, "zl", List.of("0", "1", "2"), at);
        }
    }

    private static void alarm(JsonNode b) {
        for (String f : List.of("qybm", "sjid", "bjid", "zdwxybm", "zbbm")) text(b, f);
        string(b, "sbbm", "");
        oneOf(b, "bjlx", List.of("01", "02", "03", "04"));
        oneOf(b, "bjjb", List.of("1", "2", "3", "4", "9"));
        oneOf(b, "zt", List.of("0", "1"));
        numberOrNull(b, "bjz", "");
        numberOrNull(b, "yz", "");
        time(b, "bjsj");
        time(b, "zbsj");
        oneOf(b, "bc", List.of("0", "1"));
    }

    private static void basic(JsonNode b) {
        text(b, "qybm");
        text(b, "qymc");
        time(b, "fssj");
        for (JsonNode h : array(b, "zdwxy")) text(h, "zdwxybm", "zdwxy[].");
        for (JsonNode e : array(b, "sb")) text(e, "sbbm", "sb[].");
        for (JsonNode p : array(b, "zb")) {
            text(p, "zbbm", "zb[].");
            text(p, "wh", "zb[].");
            if (!p.path("cjzq").isNumber()) throw new IllegalArgumentException("zb[].cjzq: must be a number of seconds");
            if (!p.path("yz").isArray()) throw new IllegalArgumentException("zb[].yz: must be an array");
        }
    }

    private static void statistics(JsonNode b) {
        text(b, "qybm");
        if (!DAY.matcher(b.path("tjrq").asText()).matches()) throw new IllegalArgumentException("tjrq: must be yyyy-MM-dd");
        for (String f : List.of("sbzxl", "dwzxl", "sjwzl")) {
            double v = b.path(f).asDouble(-1);
            if (!b.path(f).isNumber() || v < 0 || v > 1) throw new IllegalArgumentException(f + ": must be a rate 0..1");
        }
        for (String c : List.of("hong", "cheng", "huang", "lan", "gz", "dx")) {
            if (!b.path("bjcs").path(c).isIntegralNumber()) throw new IllegalArgumentException("bjcs." + c + ": must be a count");
        }
    }

    private static Iterable<JsonNode> array(JsonNode b, String f) {
        if (!b.path(f).isArray()) throw new IllegalArgumentException(f + ": must be an array");
        return b.path(f);
    }

    private static void text(JsonNode b, String f) { text(b, f, ""); }

    private static void text(JsonNode b, String f, String at) {
        if (!b.path(f).isTextual() || b.path(f).asText().isBlank()) throw new IllegalArgumentException(at + f + ": is required");
    }

    private static void string(JsonNode b, String f, String at) {
        if (!b.path(f).isTextual()) throw new IllegalArgumentException(at + f + ": must be text");
    }

    private static void numberOrNull(JsonNode b, String f, String at) {
        if (!b.has(f) || !(b.get(f).isNumber() || b.get(f).isNull())) throw new IllegalArgumentException(at + f + ": must be a number or null");
    }

    private static void time(JsonNode b, String f) { time(b, f, ""); }

    private static void time(JsonNode b, String f, String at) {
        if (!TIME.matcher(b.path(f).asText()).matches()) throw new IllegalArgumentException(at + f + ": must be yyyy-MM-dd HH:mm:ss");
    }

    private static void oneOf(JsonNode b, String f, List<String> allowed) { oneOf(b, f, allowed, ""); }

    private static void oneOf(JsonNode b, String f, List<String> allowed, String at) {
        if (!b.path(f).isTextual() || !allowed.contains(b.path(f).asText())) {
            throw new IllegalArgumentException(at + f + ": must be one of " + allowed + ", got " + b.path(f));
        }
    }
}
