package io.hazardgate.config.site;

/**
 * A major hazard source or tailings dam of a site.
 *
 * @param grade GB 18218 grade 1 (一级, highest) .. 4; for tailings dams the dam class; 0 when unknown
 */
public record HazardSource(String id, String name, HazardSourceKind kind, int grade, ResponsiblePersons responsible) {}
