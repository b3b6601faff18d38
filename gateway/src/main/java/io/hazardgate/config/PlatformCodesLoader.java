package io.hazardgate.config;

import io.hazardgate.config.site.Enterprise;
import io.hazardgate.config.site.Equipment;
import io.hazardgate.config.site.PlatformCodes;
import io.hazardgate.config.site.PointCode;
import io.hazardgate.config.site.Sensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the platform codes of a site file: {@code enterprise}, a hazard source's {@code code} and
 * {@code equipment}, a sensor's {@code code}, {@code equipment} and {@code platformUnit}. Codes are
 * unique within their kind in a site, a sensor's equipment belongs to the sensor's hazard source, and an
 * enterprise's unified social credit code passes the GB 32100 check character.
 */
final class PlatformCodesLoader {
    /** Keys of a sensor read here. */
    static final Set<String> SENSOR_KEYS = Set.of("code", "equipment", "platformUnit");
    /** Longest code accepted: platform codes are a few dozen characters at most. */
    static final int MAX_CODE_LENGTH = 64;
    /** GB 32100-2015: the 31 characters of a unified social credit code and the weights of its first 17. */
    private static final String CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] CREDIT_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private PlatformCodesLoader() {}

    static PlatformCodes load(ConfigNode root, String siteName, Set<String> sourceIds, List<Sensor> sensors) {
        Enterprise enterprise = enterprise(root.get("enterprise"), siteName);

        Map<String, String> sourceCodes = new LinkedHashMap<>();
        Map<String, String> seenSourceCodes = new HashMap<>();
        List<Equipment> equipment = new ArrayList<>();
        Map<String, Equipment> equipmentById = new HashMap<>();
        Map<String, String> seenEquipmentCodes = new HashMap<>();
        for (ConfigNode h : root.get("hazardSources").elements()) {
            String source = h.get("id").identifier();
            if (h.has("code")) {
                String code = code(h.get("code"));
                String other = seenSourceCodes.putIfAbsent(code, source);
                if (other != null) throw h.get("code").error("code '" + code + "' is also hazard source " + other + "'s");
                sourceCodes.put(source, code);
            }
            for (ConfigNode e : h.get("equipment").elements()) {
                e.requireObject();
                e.rejectUnknown(Set.of("id", "code", "name", "kind"));
                String id = e.get("id").identifier();
                String code = code(e.get("code"));
                Equipment eq = new Equipment(id, source, code, e.get("name").string(id), e.get("kind").string(""));
                if (equipmentById.putIfAbsent(id, eq) != null) throw e.get("id").error("duplicate equipment '" + id + "'");
                String other = seenEquipmentCodes.putIfAbsent(code, id);
                if (other != null) throw e.get("code").error("code '" + code + "' is also equipment " + other + "'s");
                equipment.add(eq);
            }
        }

        Map<String, PointCode> points = new LinkedHashMap<>();
        Map<String, String> seenPointCodes = new HashMap<>();
        List<ConfigNode> sensorNodes = root.get("sensors").elements();
        for (int i = 0; i < sensorNodes.size(); i++) {
            ConfigNode n = sensorNodes.get(i);
            Sensor s = sensors.get(i);
            String equipmentId = "";
            if (n.has("equipment")) {
                equipmentId = n.get("equipment").identifier();
                Equipment eq = equipmentById.get(equipmentId);
                if (eq == null) throw n.get("equipment").error("unknown equipment '" + equipmentId + "'");
                if (!eq.source().equals(s.source())) {
                    throw n.get("equipment").error("equipment '" + equipmentId + "' belongs to hazard source " + eq.source()
                            + ", not to this sensor's source " + s.source());
                }
            }
            String unit = n.has("platformUnit") ? n.get("platformUnit").string() : "";
            if (n.has("code")) {
                String code = code(n.get("code"));
                String other = seenPointCodes.putIfAbsent(code, s.tag());
                if (other != null) throw n.get("code").error("code '" + code + "' is also sensor " + other + "'s");
                points.put(s.tag(), new PointCode(code, equipmentId, unit));
            } else if (!equipmentId.isEmpty() || !unit.isEmpty()) {
                points.put(s.tag(), new PointCode("", equipmentId, unit));
            }
        }
        return new PlatformCodes(enterprise, Map.copyOf(sourceCodes), List.copyOf(equipment), Map.copyOf(points));
    }

    private static Enterprise enterprise(ConfigNode n, String siteName) {
        if (n.isMissing()) return new Enterprise("", siteName, "", "");
        n.requireObject();
        n.rejectUnknown(Set.of("code", "name", "creditCode", "region"));
        String code = n.has("code") ? code(n.get("code")) : "";
        String credit = "";
        if (n.has("creditCode")) {
            credit = n.get("creditCode").string().trim().toUpperCase(java.util.Locale.ROOT);
            String why = creditCodeProblem(credit);
            if (why != null) throw n.get("creditCode").error(why);
        }
        String region = "";
        if (n.has("region")) {
            region = n.get("region").string();
            if (!region.matches("\\d{6}")) throw n.get("region").error("must be the six-digit administrative division code (GB/T 2260), got '" + region + "'");
        }
        return new Enterprise(code, n.get("name").string(siteName), credit, region);
    }

    /** A platform code: letters, digits, '-', '_' and '.', at most {@link #MAX_CODE_LENGTH} characters. */
    private static String code(ConfigNode n) {
        String code = n.identifier();
        if (code.length() > MAX_CODE_LENGTH) {
            throw n.error("is " + code.length() + " characters long; platform codes have at most " + MAX_CODE_LENGTH);
        }
        return code;
    }

    /** Why {@code code} is not a unified social credit code, or null if it is one (GB 32100-2015 §4, §5). */
    static String creditCodeProblem(String code) {
        if (code.length() != 18) return "must be the 18-character unified social credit code (GB 32100), got " + code.length() + " characters";
        int sum = 0;
        for (int i = 0; i < 18; i++) {
            int v = CREDIT_CHARS.indexOf(code.charAt(i));
            if (v < 0) return "character '" + code.charAt(i) + "' at position " + (i + 1) + " is not used in unified social credit codes (GB 32100: digits and capitals other than I, O, S, V, Z)";
            if (i < 17) sum += v * CREDIT_WEIGHTS[i];
        }
        int check = (31 - sum % 31) % 31;
        if (CREDIT_CHARS.charAt(check) != code.charAt(17)) {
            return "check character is '" + code.charAt(17) + "' but the first 17 give '" + CREDIT_CHARS.charAt(check) + "' (GB 32100 §5): a typo?";
        }
        return null;
    }
}
