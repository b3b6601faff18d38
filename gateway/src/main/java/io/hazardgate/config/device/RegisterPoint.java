package io.hazardgate.config.device;

/**
 * One monitoring point in a Modbus register map: the tag it feeds, where its value is, how it is
 * encoded, and the status bit that says the instrument is faulty.
 *
 * @param address zero-based register or coil address (the PDU address, not the 4xxxx reference number)
 * @param order   how the bytes of a multi-register value are laid out
 * @param fault   the status bit meaning "fault", or null when the device has none
 */
public record RegisterPoint(String tag, Table table, int address, ValueType type, ByteOrder order,
                            double scale, double offset, FaultBit fault) {

    /** The Modbus data table a value is read from. */
    public enum Table {
        HOLDING(3), INPUT(4), COIL(1), DISCRETE(2);

        private final int functionCode;

        Table(int functionCode) { this.functionCode = functionCode; }

        /** The read function code of the table (Modbus application protocol §6). */
        public int functionCode() { return functionCode; }

        public boolean isBits() { return this == COIL || this == DISCRETE; }
    }

    /** How a value is encoded in its registers. */
    public enum ValueType {
        INT16(1), UINT16(1), INT32(2), UINT32(2), FLOAT32(2), BOOL(1);

        private final int registers;

        ValueType(int registers) { this.registers = registers; }

        public int registers() { return registers; }
    }

    /**
     * Byte layout of a 32-bit value, as vendor manuals write it: the letters are the value's bytes from
     * most significant (A) to least (D) in the order they arrive. ABCD is big-endian (the Modbus norm),
     * CDAB swaps the words, BADC swaps the bytes in each word, DCBA is little-endian. For 16-bit values
     * only the byte order within the word counts (BADC and DCBA swap it).
     */
    public enum ByteOrder { ABCD, CDAB, BADC, DCBA }

    /** A bit of a register or a coil that, when set ({@code activeHigh}) or clear, means the instrument is faulty. */
    public record FaultBit(Table table, int address, int bit, boolean activeHigh) {}

    /** Registers (or coils) the value occupies. */
    public int width() { return table.isBits() ? 1 : type.registers(); }

    /** {@code raw × scale + offset}. */
    public double apply(double raw) { return raw * scale + offset; }
}
