package io.hazardgate.config.site;

import java.util.List;

/**
 * The cross-section of a tailings dam the control room draws (坝体剖面): from the beach crest the dry
 * beach runs upstream to the pond, the downstream slope runs down to the toe, and the phreatic line
 * (浸润线) passes through the piezometers between them. Elevations and distances in metres; distances
 * are measured downstream from the beach crest. Which points give the water level, the dry beach length
 * and the freeboard is named here or found by type among the dam's points.
 *
 * @param toeElevation    elevation of the downstream toe (坝脚)
 * @param downstreamSlope horizontal run per metre of height of the downstream face (1 : n)
 * @param water           tag of the reservoir water level, "" when the dam has none
 * @param beach           tag of the dry beach length, "" when none
 * @param freeboard       tag of the freeboard, "" when none
 * @param piezometers     the phreatic points along the section, nearest the crest first
 */
public record DamSection(double toeElevation, double downstreamSlope, String water, String beach, String freeboard,
                         List<Piezometer> piezometers) {
    public DamSection {
        piezometers = List.copyOf(piezometers);
    }

    /**
     * A phreatic-line point on the section: its burial depth reading, subtracted from the ground surface
     * elevation above it, is the phreatic elevation there.
     */
    public record Piezometer(String tag, double distance, double surfaceElevation) {}
}
