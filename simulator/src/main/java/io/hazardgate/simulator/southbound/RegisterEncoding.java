package io.hazardgate.simulator.southbound;

import io.hazardgate.config.device.RegisterPoint;

/** A raw value as the bytes of its registers, in a point's type and byte order: the inverse of what the gateway decodes. */
final class RegisterEncoding {
    private RegisterEncoding() {}

    static byte[] encode(double raw, RegisterPoint.ValueType type, RegisterPoint.ByteOrder order) {
        return switch (type) {
            case INT16, UINT16, BOOL -> word((int) Math.round(raw), order);
            case INT32, UINT32 -> int32((int) Math.round(raw), order);
            case FLOAT32 -> int32(Float.floatToIntBits((float) raw), order);
        };
    }

    private static byte[] word(int v, RegisterPoint.ByteOrder order) {
        byte hi = (byte) (v >> 8);
        byte lo = (byte) v;
        boolean swap = order == RegisterPoint.ByteOrder.BADC || order == RegisterPoint.ByteOrder.DCBA;
        return swap ? new byte[] {lo, hi} : new byte[] {hi, lo};
    }

    private static byte[] int32(int v, RegisterPoint.ByteOrder order) {
        byte a = (byte) (v >> 24);
        byte b = (byte) (v >> 16);
        byte c = (byte) (v >> 8);
        byte d = (byte) v;
        return switch (order) {
            case ABCD -> new byte[] {a, b, c, d};
            case CDAB -> new byte[] {c, d, a, b};
            case BADC -> new byte[] {b, a, d, c};
            case DCBA -> new byte[] {d, c, b, a};
        };
    }
}
