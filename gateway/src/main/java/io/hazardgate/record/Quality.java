package io.hazardgate.record;

/** Quality a data logger attaches to a reading; stored as its code. */
public enum Quality {
    GOOD, UNCERTAIN, BAD;

    private static final Quality[] BY_CODE = values();

    public byte code() { return (byte) ordinal(); }

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static Quality ofCode(int code) { return BY_CODE[code]; }
}
