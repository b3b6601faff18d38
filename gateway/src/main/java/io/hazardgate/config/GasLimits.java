package io.hazardgate.config;

import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.rules.StandardOverride;
import io.hazardgate.config.rules.ToxicGas;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alarm set-points of gas detectors as GB/T 50493-2019 §5.5.2 sets them: the defaults, converted to
 * the detector's unit, and the maxima a site may not exceed without a documented
 * {@link StandardOverride}.
 * <ul>
 *   <li>combustible gas: level 1 ≤ 25 %LEL, level 2 ≤ 50 %LEL (items 1 and 2);</li>
 *   <li>toxic gas: level 1 ≤ 100 %OEL, level 2 ≤ 200 %OEL; where the detector's range cannot meet that
 *       (or no OEL applies), level 1 ≤ 5 % IDLH, level 2 ≤ 10 % IDLH (item 3). OEL and IDLH are in
 *       mg/m³; a detector reading ppm converts with ppm = mg/m³ × 24.04 / M (20 °C, 101.325 kPa).</li>
 * </ul>
 * Oxygen (19.5 / 23.5 %VOL, item 4) is a recommendation ("宜"), not a maximum, so it is not enforced.
 */
final class GasLimits {
    static final String CLAUSE = "GB/T 50493-2019 §5.5.2";
    /** Sensor keys this class reads. */
    static final Set<String> KEYS = Set.of("gas", "oel", "idlh", "molarMass", "basis");

    /** A toxic detector's reference: L1 and L2 maxima in the detector's unit, and how they were reached. */
    record Toxic(double l1Max, double l2Max, String basis, String explain) {}

    private GasLimits() {}

    /** Refuses the gas keys on sensors that are not toxic gas detectors. */
    static void rejectOnOtherTypes(ConfigNode n, SensorType type) {
        if (type == SensorType.TOXIC_GAS) return;
        for (String k : KEYS) {
            if (n.has(k)) throw n.get(k).error("applies only to toxic_gas sensors");
        }
    }

    /** The unit a gas detector may report in. */
    static String checkUnit(ConfigNode n, SensorType type, String unit) {
        switch (type) {
            case COMBUSTIBLE_GAS -> {
                if (!unit.equals("%LEL")) {
                    throw n.get("unit").error("a combustible gas detector reads %LEL (GB/T 50493-2019 §5.5.1), got '" + unit + "'");
                }
            }
            case TOXIC_GAS -> {
                if (unit.equals("mg/m³")) return "mg/m3";
                if (!unit.equals("ppm") && !unit.equals("mg/m3")) {
                    throw n.get("unit").error("a toxic gas detector reads ppm or mg/m3, got '" + unit + "'");
                }
            }
            case OXYGEN -> {
                if (!unit.equals("%VOL")) throw n.get("unit").error("an oxygen detector reads %VOL, got '" + unit + "'");
            }
            default -> { }
        }
        return unit;
    }

    /** Resolves a toxic detector's gas, basis and maxima in {@code unit} (ppm or mg/m3). */
    static Toxic toxic(ConfigNode n, String unit) {
        ToxicGas gas = null;
        ConfigNode g = n.get("gas");
        if (!g.isMissing()) {
            gas = ToxicGas.known(g.string());
            if (gas == null) {
                throw g.error("'" + g.string() + "' is not in the table of known gases (" + String.join(", ", ToxicGas.knownNames())
                        + "); give oel and/or idlh in mg/m3 and molarMass instead");
            }
        }
        double oel = positive(n.get("oel"), gas == null ? Double.NaN : gas.oel());
        double idlh = positive(n.get("idlh"), gas == null ? Double.NaN : gas.idlh());
        double molarMass = positive(n.get("molarMass"), gas == null ? Double.NaN : gas.molarMass());
        String basis = n.get("basis").oneOf(List.of("oel", "idlh"), Double.isNaN(oel) ? "idlh" : "oel");
        if (Double.isNaN(oel) && Double.isNaN(idlh)) {
            throw n.get("gas").error("is required for toxic_gas sensors: name a known gas (" + String.join(", ", ToxicGas.knownNames())
                    + "), or give its oel and/or idlh in mg/m3");
        }
        if (basis.equals("oel") && Double.isNaN(oel)) throw n.get("oel").error("is required for basis oel (mg/m3)");
        if (basis.equals("idlh") && Double.isNaN(idlh)) throw n.get("idlh").error("is required for basis idlh (mg/m3)");
        double factor = 1;
        if (unit.equals("ppm")) {
            if (Double.isNaN(molarMass)) {
                throw n.get("molarMass").error("is required to convert mg/m3 to ppm (g/mol; or name a known gas)");
            }
            factor = ToxicGas.MOLAR_VOLUME_20C / molarMass;
        }
        String name = gas != null ? gas.name() : "the gas";
        if (basis.equals("oel")) {
            String kind = gas != null && !n.has("oel") ? " (" + gas.oelKind() + ")" : "";
            return new Toxic(oel * factor, 2 * oel * factor, "100 %OEL / 200 %OEL",
                    "OEL of " + name + " " + fmt(oel) + " mg/m3" + kind + (unit.equals("ppm") ? " = " + fmt(oel * factor) + " ppm" : ""));
        }
        return new Toxic(0.05 * idlh * factor, 0.10 * idlh * factor, "5 % / 10 % of IDLH",
                "IDLH of " + name + " " + fmt(idlh) + " mg/m3" + (unit.equals("ppm") ? " = " + fmt(idlh * factor) + " ppm" : ""));
    }

    /**
     * Refuses L1/L2 above the standard's maxima unless the sensor states a {@code standardOverride}; returns
     * the override (null when none). An override that excuses nothing is refused too, so it never outlives
     * the deviation it documented.
     */
    static StandardOverride checkMaxima(ConfigNode n, SensorType type, String unit, Map<String, Double> values, Toxic toxic) {
        StandardOverride override = override(n.get("standardOverride"));
        boolean exceeded = false;
        for (String name : new String[] {"L1", "L2"}) {
            Double v = values.get(name);
            if (v == null || Double.isNaN(v)) continue;
            double max;
            String what;
            if (type == SensorType.COMBUSTIBLE_GAS) {
                max = name.equals("L1") ? 25 : 50;
                what = name.equals("L1") ? "25 %LEL" : "50 %LEL";
            } else if (type == SensorType.TOXIC_GAS) {
                max = name.equals("L1") ? toxic.l1Max() : toxic.l2Max();
                String share = toxic.basis().startsWith("100") ? (name.equals("L1") ? "100 %OEL" : "200 %OEL")
                        : (name.equals("L1") ? "5 % of IDLH" : "10 % of IDLH");
                what = share + " = " + fmt(max) + " " + unit + ", from the " + toxic.explain();
            } else {
                continue;
            }
            if (v <= max * (1 + 1e-9)) continue;
            exceeded = true;
            if (override == null) {
                throw n.get("limits").get(name).error(fmt(v) + " " + unit + " is above the " + CLAUSE + " maximum for a level-"
                        + name.charAt(1) + " alarm (" + what + "); lower it, or document the deviation under standardOverride"
                        + " {reason, approvedBy}");
            }
        }
        if (override != null && !exceeded) {
            throw n.get("standardOverride").error("no set-point of this sensor is above the standard's maximum: remove the override");
        }
        return override;
    }

    private static StandardOverride override(ConfigNode n) {
        if (n.isMissing()) return null;
        n.requireObject();
        n.rejectUnknown(Set.of("reason", "approvedBy"));
        return new StandardOverride(n.get("reason").string(), n.get("approvedBy").string());
    }

    private static double positive(ConfigNode n, double dflt) {
        double v = n.number(dflt);
        if (v <= 0) throw n.error("must be positive");
        return v;
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
