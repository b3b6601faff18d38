package io.hazardgate.config;

/**
 * The four warning colours of Chinese safety supervision, low to high (蓝/黄/橙/红). An alarm's level
 * is its colour's ordinal plus one: 1 blue, 2 yellow, 3 orange, 4 red. {@link #GREEN} is the colour of
 * a hazard source with no active hazard alarm and has level 0.
 */
public enum RiskColour {
    GREEN, BLUE, YELLOW, ORANGE, RED;

    public int level() { return ordinal(); }

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static RiskColour ofLevel(int level) {
        if (level < 0 || level > 4) throw new IllegalArgumentException("level must be 0..4: " + level);
        return values()[level];
    }
}
