package io.hazardgate.uplink.stats;

import java.time.LocalDate;
import java.util.Map;

/** One site's (enterprise's) figures for a day, in total and per hazard source. */
public record SiteFigures(String site, LocalDate day, Figures total, Map<String, Figures> sources) {}
