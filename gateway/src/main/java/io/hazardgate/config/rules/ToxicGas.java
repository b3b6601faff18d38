package io.hazardgate.config.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A toxic gas as GB/T 50493-2019 tabulates it: its occupational exposure limit (OEL) and its IDLH, both
 * in mg/m³, and the molar mass that converts them to ppm. The OEL the standard alarms on is the MAC
 * where one is set, else the PC-TWA (the table's level-1 alarm column is that value).
 *
 * @param molarMass g/mol
 * @param oel       mg/m³; NaN when no OEL applies (the IDLH basis is used then)
 * @param oelKind   {@code MAC} or {@code PC-TWA}, what {@link #oel} is
 * @param idlh      mg/m³; NaN when not known
 */
public record ToxicGas(String name, double molarMass, double oel, String oelKind, double idlh) {
    /** Litres per mole of an ideal gas at 20 °C and 101.325 kPa: ppm = mg/m³ × 24.04 / M. */
    public static final double MOLAR_VOLUME_20C = 24.04;

    /**
     * Common toxic gases with the values of GB/T 50493-2019's table of OELs and IDLHs (mg/m³). A site
     * whose copy of the standard or whose occupational-health assessment says otherwise gives {@code oel}
     * and {@code idlh} on the sensor, which win over this table.
     */
    static final Map<String, ToxicGas> KNOWN = table(
            new ToxicGas("H2S", 34.08, 10, "MAC", 430),
            new ToxicGas("CO", 28.01, 20, "PC-TWA", 1700),
            new ToxicGas("NO2", 46.01, 5, "PC-TWA", 96),
            new ToxicGas("Cl2", 70.90, 1, "MAC", 88),
            new ToxicGas("SO2", 64.07, 5, "PC-TWA", 270),
            new ToxicGas("NH3", 17.03, 20, "PC-TWA", 360),
            new ToxicGas("HCN", 27.03, 1, "MAC", 56),
            new ToxicGas("COCl2", 98.92, 0.5, "MAC", 8),
            new ToxicGas("C6H6", 78.11, 6, "PC-TWA", 9800),
            new ToxicGas("CH3OH", 32.04, 25, "PC-TWA", 33000),
            new ToxicGas("C7H8", 92.14, 50, "PC-TWA", 7700),
            new ToxicGas("C8H10", 106.17, 50, "PC-TWA", 4400));

    /** The gas named {@code name} (case as written in the table, e.g. {@code H2S}, {@code Cl2}); null when not tabulated. */
    public static ToxicGas known(String name) { return KNOWN.get(name); }

    public static List<String> knownNames() { return List.copyOf(KNOWN.keySet()); }

    /** {@code mgPerM3} of this gas in ppm (by volume) at 20 °C and 101.325 kPa. */
    public double ppm(double mgPerM3) { return mgPerM3 * MOLAR_VOLUME_20C / molarMass; }

    private static Map<String, ToxicGas> table(ToxicGas... gases) {
        Map<String, ToxicGas> m = new LinkedHashMap<>();
        for (ToxicGas g : gases) m.put(g.name(), g);
        return java.util.Collections.unmodifiableMap(m);
    }
}
