package io.hazardgate.simulator.telemetry;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a batch in wire contract v1:
 * {@code {"ts":1732350000123,"readings":[{"tag":"GT-101","value":12.5},{"tag":"LT-101","value":8.3,"ts":...,"quality":"uncertain"}]}}.
 * A reading's {@code ts} is written only when it differs from the message's and {@code quality}
 * only when it is not {@code good}, the defaults the contract gives them.
 */
public final class TelemetryJson {
    private TelemetryJson() {}

    public static byte[] encode(TelemetryBatch batch) {
        return toString(batch).getBytes(StandardCharsets.UTF_8);
    }

    public static String toString(TelemetryBatch batch) {
        StringBuilder sb = new StringBuilder(32 + 40 * batch.readings().size());
        sb.append("{\"ts\":").append(batch.ts()).append(",\"readings\":[");
        boolean first = true;
        for (Reading r : batch.readings()) {
            if (!first) sb.append(',');
            first = false;
            sb.append("{\"tag\":");
            string(sb, r.tag());
            sb.append(",\"value\":");
            number(sb, r.value());
            if (r.hasOwnTs() && r.ts() != batch.ts()) sb.append(",\"ts\":").append(r.ts());
            if (r.quality() != Quality.GOOD) sb.append(",\"quality\":\"").append(r.quality().wireName()).append('"');
            sb.append('}');
        }
        return sb.append("]}").toString();
    }

    /** JSON has no NaN or infinity; a simulator asked to send one is a bug, not data. */
    static void number(StringBuilder sb, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("JSON cannot carry " + v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            sb.append((long) v);
        } else {
            // Plain decimal form: Double.toString would write 1.0E-4, which is valid JSON but odd to read.
            sb.append(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
        }
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
