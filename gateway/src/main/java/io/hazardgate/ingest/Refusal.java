package io.hazardgate.ingest;

import java.util.Locale;

/**
 * Why a telemetry message was refused: the {@code reason} tag of {@code hazardgate.ingest.refused}, the
 * {@code reason} on the device's errors topic, and the MQTT 5 PUBACK reason code its logger gets.
 */
public enum Refusal {
    /** Not the wire contract: bad JSON, a missing or mistyped field. */
    INVALID_PAYLOAD(0x99),
    /** A tag with a control character or bytes that are not UTF-8: the store and the screens cannot show it. */
    INVALID_TEXT(0x99),
    /** A field given twice in one object: which one the logger meant is unknown. */
    DUPLICATE_KEY(0x99),
    /** A timestamp further ahead of the gateway's clock than {@code ingest.maxClockSkew}. */
    CLOCK_SKEW(0x83),
    /** A point that belongs to another data logger of the site. */
    FOREIGN_POINT(0x87),
    /** A site the gateway does not know. */
    UNKNOWN_SITE(0x90),
    /** The alarm engine cannot take more now; the logger must send it again. */
    BUSY(0x97);

    private final int reasonCode;
    private final String tag;

    Refusal(int reasonCode) {
        this.reasonCode = reasonCode;
        this.tag = name().toLowerCase(Locale.ROOT);
    }

    /** MQTT 5 PUBACK reason code: 0x99 payload format invalid, 0x83 implementation-specific error
     * (valid but not accepted), 0x87 not authorized, 0x90 topic name invalid, 0x97 quota exceeded. */
    public int reasonCode() { return reasonCode; }

    /** As written in metrics and on the errors topic, e.g. {@code clock_skew}. */
    public String tag() { return tag; }
}
