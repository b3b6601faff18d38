package io.hazardgate.simulator.load;

/**
 * Names of the synthetic devices and points of a load run, shared with {@code gen-load-config} so the
 * gateway knows every tag a load run sends. Numbers are 1-based and zero-padded to a fixed width, which
 * keeps every message of a run the same length:
 * <ul>
 *   <li>device {@code d00001} .. {@code d99999}, publishing on {@code plant/{site}/d00001/telemetry}</li>
 *   <li>its points {@code {prefix}00001-001} .. {@code {prefix}00001-999}, e.g. {@code L00042-007}</li>
 *   <li>one hazard source {@code LOAD} holding every point</li>
 * </ul>
 *
 * @param site      site id (default {@code load})
 * @param tagPrefix prefix of every tag (default {@code L}); letters, digits, '-', '_' or '.'
 */
public record LoadNaming(String site, String tagPrefix) {
    public static final String DEFAULT_SITE = "load";
    public static final String DEFAULT_TAG_PREFIX = "L";
    public static final String SOURCE = "LOAD";
    public static final int MAX_DEVICES = 99_999;
    public static final int MAX_SENSORS_PER_DEVICE = 999;
    static final int DEVICE_DIGITS = 5;
    static final int SENSOR_DIGITS = 3;

    public LoadNaming {
        requireIdentifier("site", site);
        requireIdentifier("tag prefix", tagPrefix);
    }

    /** @param device 0-based device index */
    public String device(int device) {
        return "d" + pad(device + 1, DEVICE_DIGITS);
    }

    /** @param device 0-based device index; @param sensor 0-based point index within the device */
    public String tag(int device, int sensor) {
        return tagPrefix + pad(device + 1, DEVICE_DIGITS) + "-" + pad(sensor + 1, SENSOR_DIGITS);
    }

    public String topic(int device) {
        return "plant/" + site + "/" + device(device) + "/telemetry";
    }

    static String pad(int n, int digits) {
        String s = Integer.toString(n);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }

    private static void requireIdentifier(String what, String s) {
        if (s == null || s.isEmpty()) throw new IllegalArgumentException(what + " must not be empty");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok) throw new IllegalArgumentException(what + " '" + s + "' may contain only letters, digits, '-', '_' and '.'");
        }
    }
}
