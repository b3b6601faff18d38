package io.hazardgate.config;

import io.hazardgate.config.rules.EscalationPlan;
import io.hazardgate.config.site.AssessedRisk;
import io.hazardgate.config.site.DamDesign;
import io.hazardgate.config.site.DamSection;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.HazardSourceKind;
import io.hazardgate.config.site.Names;
import io.hazardgate.config.site.ResponsiblePersons;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads one entry of a site file's {@code hazardSources}. */
final class HazardSourceLoader {
    private HazardSourceLoader() {}

    static HazardSource load(ConfigNode n) {
        n.requireObject();
        n.rejectUnknown(Set.of("id", "name", "kind", "grade", "class", "assessedRisk", "design", "section", "responsible", "code",
                "equipment")); // code and equipment: PlatformCodesLoader
        String id = n.get("id").identifier();
        String kindText = n.get("kind").string("major_hazard");
        HazardSourceKind kind;
        try {
            kind = HazardSourceKind.valueOf(kindText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw n.get("kind").error("must be major_hazard or tailings_dam, got '" + kindText + "'");
        }
        int grade = 0;
        int damClass = 0;
        DamDesign design = DamDesign.NONE;
        DamSection section = null;
        if (kind == HazardSourceKind.TAILINGS_DAM) {
            if (n.has("grade")) {
                throw n.get("grade").error("a tailings dam has a class, 一等 … 五等 (GB 39496-2020 §4.5), not a grade: write class: 1 … 5");
            }
            damClass = n.get("class").integer(0, 1, 5);
            design = design(n.get("design"));
            section = section(n.get("section"), design);
        } else {
            if (n.has("section")) throw n.get("section").error("a cross-section applies to tailings dams only");
            if (n.has("class")) {
                throw n.get("class").error("a major hazard source has a grade, 一级 … 四级 (GB 18218-2018 §4.2), not a class: write grade: 1 … 4");
            }
            if (n.has("design")) throw n.get("design").error("design values apply to tailings dams only");
            grade = n.get("grade").integer(0, 1, 4);
        }
        AssessedRisk assessed = null;
        ConfigNode a = n.get("assessedRisk");
        if (!a.isMissing()) {
            assessed = AssessedRisk.parse(a.string());
            if (assessed == null) {
                throw a.error("must be major, large, general or low (重大, 较大, 一般, 低风险), got '" + a.string() + "'");
            }
        }
        ResponsiblePersons persons = ResponsiblePersons.NONE;
        ConfigNode r = n.get("responsible");
        if (!r.isMissing()) {
            r.requireObject();
            r.rejectUnknown(Set.copyOf(EscalationPlan.ROLES));
            persons = new ResponsiblePersons(r.get("principal").string(""), r.get("technical").string(""),
                    r.get("operational").string(""), r.get("supervisor").string(""));
        }
        Names names = NameLoader.load(n.get("name"), id);
        return new HazardSource(id, names.text(), kind, grade, damClass, assessed, design, persons, names, section);
    }

    /**
     * A dam's {@code section}: its geometry here; which points it names is checked once the site's points
     * are read ({@link SiteLoader}).
     */
    private static DamSection section(ConfigNode n, DamDesign design) {
        if (n.isMissing()) return null;
        n.requireObject();
        n.rejectUnknown(Set.of("toeElevation", "downstreamSlope", "water", "beach", "freeboard", "piezometers"));
        double crest = design.crestElevation();
        if (Double.isNaN(crest)) throw n.error("needs design.crestElevation: the section is drawn from the beach crest");
        double toe = n.get("toeElevation").number();
        if (toe >= crest) throw n.get("toeElevation").error(toe + " must be below design.crestElevation (" + crest + ")");
        double slope = n.get("downstreamSlope").number();
        if (slope <= 0 || slope > 20) throw n.get("downstreamSlope").error("must be the horizontal run per metre of height, between 0 and 20 (1 : n), got " + slope);
        List<DamSection.Piezometer> points = new ArrayList<>();
        double toeDistance = (crest - toe) * slope;
        for (String tag : n.get("piezometers").fieldNames()) {
            ConfigNode p = n.get("piezometers").get(tag);
            p.requireObject();
            p.rejectUnknown(Set.of("distance", "surfaceElevation"));
            double d = p.get("distance").number();
            if (d < 0 || d > toeDistance) {
                throw p.get("distance").error("must lie on the downstream slope, between 0 (the crest) and " + toeDistance + " m (the toe), got " + d);
            }
            double surface = p.get("surfaceElevation").number();
            if (surface <= toe || surface > crest) {
                throw p.get("surfaceElevation").error("must lie between the toe (" + toe + ") and the crest (" + crest + "), got " + surface);
            }
            points.add(new DamSection.Piezometer(tag, d, surface));
        }
        points.sort(java.util.Comparator.comparingDouble(DamSection.Piezometer::distance));
        return new DamSection(toe, slope, n.get("water").string(""), n.get("beach").string(""), n.get("freeboard").string(""), points);
    }

    /** A dam's {@code design}: elevations and lengths in metres, each optional. */
    private static DamDesign design(ConfigNode n) {
        if (n.isMissing()) return DamDesign.NONE;
        n.requireObject();
        n.rejectUnknown(Set.copyOf(DamDesign.NAMES));
        double[] v = new double[DamDesign.NAMES.size()];
        for (int i = 0; i < v.length; i++) v[i] = n.get(DamDesign.NAMES.get(i)).number(Double.NaN);
        DamDesign d = new DamDesign(v[0], v[1], v[2], v[3], v[4], v[5]);
        for (String positive : new String[] {"minDryBeach", "minFreeboard", "minPhreaticDepth"}) {
            if (d.named(positive) <= 0) throw n.get(positive).error("must be positive");
        }
        if (d.highestFloodLevel() >= d.crestElevation()) {
            throw n.get("highestFloodLevel").error(d.highestFloodLevel() + " must be below crestElevation (" + d.crestElevation() + ")");
        }
        if (d.floodControlLevel() >= d.highestFloodLevel()) {
            throw n.get("floodControlLevel").error(d.floodControlLevel() + " must be below highestFloodLevel (" + d.highestFloodLevel() + ")");
        }
        return d;
    }
}
