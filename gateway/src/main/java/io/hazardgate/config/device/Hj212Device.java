package io.hazardgate.config.device;

import java.util.Map;

/**
 * A data logger that speaks HJ 212-2017 to the gateway's HJ 212 listener: its account, and which
 * factor codes feed which tags.
 *
 * @param mn       the logger's unique code (MN), up to 24 characters
 * @param password its access password (PW), sent in every packet; checked in constant time
 * @param factors  factor code (such as {@code w01018} or a vendor's own) to tag; a code not listed is
 *                 its own tag
 * @param zone     the zone of the logger's clock: {@code DataTime} is a local time (Beijing time by default)
 */
public record Hj212Device(String mn, String password, Map<String, String> factors, java.time.ZoneId zone) {
    public static final java.time.ZoneId DEFAULT_ZONE = java.time.ZoneId.of("Asia/Shanghai");

    /** HJ 212-2017 §6.3.2: MN is at most 24 characters, PW at most 9. */
    public static final int MAX_MN = 24;
    public static final int MAX_PW = 9;
}
