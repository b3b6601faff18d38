package io.hazardgate.simulator.load;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The telemetry message of a load run, built once and patched in place: every tag has the same width
 * and every value a fixed-width slot (right-aligned, padded with spaces, which JSON allows before a
 * number), so all messages of a run have one length and one layout. Publishing then writes the
 * timestamp, the device and point numbers and the values into a reused buffer without allocating.
 * <pre>{"ts":1732350000123,"readings":[{"tag":"L00001-001","value": 12.345},{"tag":"L00001-002","value":  3.5}...]}</pre>
 */
public final class PayloadTemplate {
    /** Values are drawn from [0, MAX_VALUE) with three decimals, well below the load site's limit. */
    public static final double MAX_VALUE = 50;
    static final int VALUE_WIDTH = 7;
    static final int TS_DIGITS = 13;
    private static final int MAX_THOUSANDTHS = (int) (MAX_VALUE * 1000);
    /** The largest value the fixed-width slot holds, 999.999, in thousandths plus one. */
    private static final int MAX_SLOT_THOUSANDTHS = 1_000_000;

    private final byte[] shape;
    private final int readings;
    private final int tsOffset;
    private final int firstReading;
    private final int stride;
    private final int deviceDigitsOffset;
    private final int sensorDigitsOffset;
    private final int valueOffset;

    public PayloadTemplate(String tagPrefix, int readings) {
        if (readings < 1) throw new IllegalArgumentException("a message carries at least one reading");
        this.readings = readings;
        String head = "{\"ts\":";
        String sample = "{\"tag\":\"" + tagPrefix + "0".repeat(LoadNaming.DEVICE_DIGITS) + "-" + "0".repeat(LoadNaming.SENSOR_DIGITS)
                + "\",\"value\":" + " ".repeat(VALUE_WIDTH) + "}";
        StringBuilder sb = new StringBuilder(head).append("0".repeat(TS_DIGITS)).append(",\"readings\":[");
        this.tsOffset = head.length();
        this.firstReading = sb.length();
        for (int i = 0; i < readings; i++) {
            if (i > 0) sb.append(',');
            sb.append(sample);
        }
        sb.append("]}");
        this.shape = sb.toString().getBytes(StandardCharsets.US_ASCII);
        this.stride = sample.length() + 1;
        this.deviceDigitsOffset = "{\"tag\":\"".length() + tagPrefix.length();
        this.sensorDigitsOffset = deviceDigitsOffset + LoadNaming.DEVICE_DIGITS + 1;
        this.valueOffset = sensorDigitsOffset + LoadNaming.SENSOR_DIGITS + "\",\"value\":".length();
    }

    public int length() {
        return shape.length;
    }

    public int readings() {
        return readings;
    }

    /** A fresh buffer holding the template; {@link #patch} it before each use. */
    public byte[] newBuffer() {
        return shape.clone();
    }

    /**
     * Writes one message into a buffer made by {@link #newBuffer()}.
     *
     * @param device      0-based device index
     * @param firstSensor 0-based index of the first point carried; the rest follow in order
     */
    public void patch(byte[] buf, long ts, int device, int firstSensor, SplittableRandom values) {
        digits(buf, tsOffset, TS_DIGITS, ts);
        int base = firstReading;
        for (int i = 0; i < readings; i++, base += stride) {
            digits(buf, base + deviceDigitsOffset, LoadNaming.DEVICE_DIGITS, device + 1);
            digits(buf, base + sensorDigitsOffset, LoadNaming.SENSOR_DIGITS, firstSensor + i + 1);
            thousandths(buf, base + valueOffset, values.nextInt(MAX_THOUSANDTHS));
        }
    }

    /** Overwrites the value of reading {@code reading} (0-based) of a patched buffer, in thousandths. */
    public void setValue(byte[] buf, int reading, int thousandths) {
        if (thousandths < 0 || thousandths >= MAX_SLOT_THOUSANDTHS) throw new IllegalArgumentException("value does not fit the slot");
        thousandths(buf, firstReading + reading * stride + valueOffset, thousandths);
    }

    /** Zero-padded decimal of exactly {@code width} digits. */
    private static void digits(byte[] b, int offset, int width, long v) {
        for (int p = offset + width - 1; p >= offset; p--) {
            b[p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
    }

    /** {@code v / 1000} with three decimals, right-aligned in the value slot. */
    private static void thousandths(byte[] b, int offset, int v) {
        int p = offset + VALUE_WIDTH - 1;
        for (int i = 0; i < 3; i++) {
            b[p--] = (byte) ('0' + v % 10);
            v /= 10;
        }
        b[p--] = '.';
        do {
            b[p--] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        while (p >= offset) b[p--] = ' ';
    }
}
