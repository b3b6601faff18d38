package io.hazardgate.config.site;

/**
 * A major hazard source or tailings dam of a site.
 *
 * @param grade        for a major hazard source, its GB 18218-2018 grade: 1 (一级, R ≥ 100) … 4 (四级,
 *                     R &lt; 10); 0 when not graded
 * @param damClass     for a tailings dam, its class by GB 39496-2020 §4.5: 1 (一等) … 5 (五等); 0 when not given
 * @param assessedRisk the source's assessed, static risk grade (重大/较大/一般/低风险); null when not given
 * @param design       a tailings dam's design values; {@link DamDesign#NONE} otherwise
 * @param names        its name in Chinese and English; {@code name} is both in one line
 * @param section      a tailings dam's cross-section for the control room; null when not given
 */
public record HazardSource(String id, String name, HazardSourceKind kind, int grade, int damClass,
                           AssessedRisk assessedRisk, DamDesign design, ResponsiblePersons responsible, Names names,
                           DamSection section) {
    /** Rank of a source that has neither grade nor class: after every graded one. */
    public static final int UNGRADED = 5;

    /** A source whose name is split into its languages by {@link Names#of}, without a cross-section. */
    public HazardSource(String id, String name, HazardSourceKind kind, int grade, int damClass, AssessedRisk assessedRisk,
                        DamDesign design, ResponsiblePersons responsible) {
        this(id, name, kind, grade, damClass, assessedRisk, design, responsible, Names.of(name), null);
    }

    /** A major hazard source without assessed risk or design values. */
    public HazardSource(String id, String name, HazardSourceKind kind, int grade, ResponsiblePersons responsible) {
        this(id, name, kind, grade, 0, null, DamDesign.NONE, responsible);
    }

    /**
     * How urgent this source's alarms are, 1 (most) … 5: the GB 18218 grade of a major hazard source, the
     * class of a tailings dam; {@link #UNGRADED} when neither is given. Alarms sort by it and escalate
     * sooner on higher ranks (docs/alarms.md, "Priority").
     */
    public int priority() {
        if (grade > 0) return grade;
        if (damClass > 0) return damClass;
        return UNGRADED;
    }

    /** 一级 … 四级 for a graded major hazard source, 一等 … 五等 for a classed dam; "" otherwise. */
    public String rankName() {
        String[] numerals = {"", "一", "二", "三", "四", "五"};
        if (grade > 0) return numerals[grade] + "级";
        if (damClass > 0) return numerals[damClass] + "等";
        return "";
    }
}
