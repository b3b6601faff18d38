package io.hazardgate.config;

import io.hazardgate.config.rules.Conversion;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.site.HazardSource;
import java.util.List;
import java.util.Set;

/**
 * Reads how a point's engineering value is got ({@link Conversion}): {@code baseline}, a linear
 * {@code conversion}, a {@code piezometer} giving the phreatic burial depth, or {@code from} for a point
 * derived from another one. Which other point {@code from} names is checked once the whole site is read.
 */
final class ConversionLoader {
    static final Set<String> KEYS = Set.of("baseline", "conversion", "piezometer", "from");
    /** kPa per metre of water head: ρ g = 1000 kg/m³ × 9.80665 m/s². */
    static final double KPA_PER_METRE_OF_WATER = 9.80665;

    private ConversionLoader() {}

    static Conversion load(ConfigNode n, SensorType type, HazardSource source) {
        if (type.isDiscrete() || type.isGas()) {
            for (String k : KEYS) {
                if (n.has(k)) throw n.get(k).error("does not apply to " + type.wireName() + " points, which report what they measure");
            }
            return Conversion.NONE;
        }
        if (n.has("from")) {
            for (String k : List.of("baseline", "conversion", "piezometer", "device", "range")) {
                if (n.has(k)) throw n.get(k).error("does not apply to a derived point (one with 'from')");
            }
            if (type != SensorType.FREEBOARD) {
                throw n.get("from").error("only a freeboard point is derived from another one (the water level)");
            }
            double crest = source.design().crestElevation();
            if (Double.isNaN(crest)) {
                throw n.get("from").error("freeboard is the beach crest elevation minus the water level: hazard source '"
                        + source.id() + "' needs design.crestElevation");
            }
            return new Conversion(-1, crest, n.get("from").identifier(), "m");
        }
        double scale = 1;
        double offset = 0;
        String rawUnit = "";
        ConfigNode c = n.get("conversion");
        ConfigNode p = n.get("piezometer");
        if (!c.isMissing() && !p.isMissing()) throw p.error("give either conversion or piezometer, not both");
        if (!c.isMissing()) {
            c.requireObject();
            c.rejectUnknown(Set.of("scale", "offset", "rawUnit"));
            scale = c.get("scale").number(1);
            if (scale == 0) throw c.get("scale").error("must not be 0");
            offset = c.get("offset").number(0);
            rawUnit = c.get("rawUnit").string("");
        }
        if (!p.isMissing()) {
            if (type != SensorType.PHREATIC_LINE) throw p.error("applies only to phreatic_line points (the burial depth)");
            p.requireObject();
            p.rejectUnknown(Set.of("installElevation", "surfaceElevation", "input"));
            double install = p.get("installElevation").number();
            double surface = p.get("surfaceElevation").number();
            if (surface <= install) {
                throw p.get("surfaceElevation").error(surface + " must be above installElevation (" + install + ")");
            }
            String input = p.get("input").oneOf(List.of("head", "kPa"), "head");
            // burial depth = surface − phreatic elevation = surface − (install + head)
            scale = input.equals("head") ? -1 : -1 / KPA_PER_METRE_OF_WATER;
            offset = surface - install;
            rawUnit = input.equals("head") ? "m" : "kPa";
        }
        offset -= n.get("baseline").number(0);
        return scale == 1 && offset == 0 && rawUnit.isEmpty() ? Conversion.NONE : new Conversion(scale, offset, "", rawUnit);
    }
}
