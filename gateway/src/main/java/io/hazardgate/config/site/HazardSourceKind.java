package io.hazardgate.config.site;

/** What a hazard source is; it decides how its colour is aggregated and shown. */
public enum HazardSourceKind {
    /** Tank farm, storehouse or process unit under GB 18218 (重大危险源). */
    MAJOR_HAZARD,
    /** Tailings dam under GB 39496 (尾矿库). */
    TAILINGS_DAM
}
