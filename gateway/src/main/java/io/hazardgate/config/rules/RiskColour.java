package io.hazardgate.config.rules;

/**
 * The four warning colours of Chinese safety supervision, low to high (蓝/黄/橙/红). An alarm's level
 * is its colour's number: 1 blue, 2 yellow, 3 orange, 4 red. {@link #GREEN} is the colour of a hazard
 * source with no active hazard alarm and has level 0. {@link #GREY} is the colour of everything that is
 * not a hazard (a sensor fault, lost data): GB/T 50493 §5.1 keeps those apart from gas alarms, so they
 * never take a warning colour; it too has level 0.
 */
public enum RiskColour {
    GREEN(0), BLUE(1), YELLOW(2), ORANGE(3), RED(4), GREY(0);

    private final int level;

    RiskColour(int level) { this.level = level; }

    public int level() { return level; }

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** The warning colour of a level; 0 is green. */
    public static RiskColour ofLevel(int level) {
        return switch (level) {
            case 0 -> GREEN;
            case 1 -> BLUE;
            case 2 -> YELLOW;
            case 3 -> ORANGE;
            case 4 -> RED;
            default -> throw new IllegalArgumentException("level must be 0..4: " + level);
        };
    }

    /** The colour named {@code blue}, {@code yellow}, {@code orange} or {@code red}; null for anything else. */
    public static RiskColour warning(String name) {
        return switch (name) {
            case "blue" -> BLUE;
            case "yellow" -> YELLOW;
            case "orange" -> ORANGE;
            case "red" -> RED;
            default -> null;
        };
    }
}
