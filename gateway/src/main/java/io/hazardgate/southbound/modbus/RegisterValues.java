package io.hazardgate.southbound.modbus;

import io.hazardgate.config.device.RegisterPoint;

/**
 * Decodes a point's value from the bytes of a read response: registers are two bytes each, big-endian
 * on the wire (Modbus application protocol §4.2); 32-bit values are laid out as the point's
 * {@link RegisterPoint.ByteOrder} says; coils and discrete inputs are packed eight to a byte, lowest
 * address in the least significant bit (§6.1).
 */
final class RegisterValues {
    private RegisterValues() {}

    /** The raw (unscaled) value of a register point whose first register is {@code offset} registers into {@code data}. */
    static double registers(byte[] data, int offset, RegisterPoint.ValueType type, RegisterPoint.ByteOrder order) {
        int i = offset * 2;
        return switch (type) {
            case INT16 -> (short) word(data, i, order);
            case UINT16 -> word(data, i, order);
            case INT32 -> int32(data, i, order);
            case UINT32 -> Integer.toUnsignedLong(int32(data, i, order));
            case FLOAT32 -> Float.intBitsToFloat(int32(data, i, order));
            case BOOL -> word(data, i, order) != 0 ? 1 : 0;
        };
    }

    /** Bit {@code bit} of the register {@code offset} registers into {@code data} (bit 0 the least significant). */
    static boolean registerBit(byte[] data, int offset, int bit) {
        int w = ((data[offset * 2] & 0xff) << 8) | (data[offset * 2 + 1] & 0xff);
        return (w >>> bit & 1) != 0;
    }

    /** Coil or discrete input {@code offset} of a packed response. */
    static boolean coil(byte[] packed, int offset) {
        return (packed[offset >>> 3] >>> (offset & 7) & 1) != 0;
    }

    private static int word(byte[] d, int i, RegisterPoint.ByteOrder order) {
        int hi = d[i] & 0xff;
        int lo = d[i + 1] & 0xff;
        boolean swapBytes = order == RegisterPoint.ByteOrder.BADC || order == RegisterPoint.ByteOrder.DCBA;
        return swapBytes ? (lo << 8) | hi : (hi << 8) | lo;
    }

    private static int int32(byte[] d, int i, RegisterPoint.ByteOrder order) {
        int b0 = d[i] & 0xff;
        int b1 = d[i + 1] & 0xff;
        int b2 = d[i + 2] & 0xff;
        int b3 = d[i + 3] & 0xff;
        // bytes as they arrive are b0 b1 b2 b3; the order names which of A (most significant) .. D each is
        return switch (order) {
            case ABCD -> (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
            case CDAB -> (b2 << 24) | (b3 << 16) | (b0 << 8) | b1;
            case BADC -> (b1 << 24) | (b0 << 16) | (b3 << 8) | b2;
            case DCBA -> (b3 << 24) | (b2 << 16) | (b1 << 8) | b0;
        };
    }
}
