package io.hazardgate.alarm;

import io.hazardgate.config.HazardSource;
import io.hazardgate.config.RiskColour;

/** A hazard source's colour, as published retained on {@code risk/{site}/{source}}. */
public record RiskChange(String site, HazardSource source, RiskColour colour, int activeAlarms, long ts) {}
