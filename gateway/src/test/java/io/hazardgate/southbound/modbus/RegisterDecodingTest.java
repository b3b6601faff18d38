package io.hazardgate.southbound.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.device.ModbusDevice;
import io.hazardgate.config.device.RegisterPoint;
import io.hazardgate.config.device.RegisterPoint.ByteOrder;
import io.hazardgate.config.device.RegisterPoint.Table;
import io.hazardgate.config.device.RegisterPoint.ValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Register layouts as vendor manuals write them, and the reads that cover a register map. */
class RegisterDecodingTest {
    // 123.456f is 0x42F6E979: A=42 B=F6 C=E9 D=79
    static final byte[] ABCD = {0x42, (byte) 0xF6, (byte) 0xE9, 0x79};
    static final byte[] CDAB = {(byte) 0xE9, 0x79, 0x42, (byte) 0xF6};
    static final byte[] BADC = {(byte) 0xF6, 0x42, 0x79, (byte) 0xE9};
    static final byte[] DCBA = {0x79, (byte) 0xE9, (byte) 0xF6, 0x42};

    @Test
    void decodesFloat32InEveryWordAndByteOrder() {
        assertEquals(123.456f, (float) RegisterValues.registers(ABCD, 0, ValueType.FLOAT32, ByteOrder.ABCD));
        assertEquals(123.456f, (float) RegisterValues.registers(CDAB, 0, ValueType.FLOAT32, ByteOrder.CDAB));
        assertEquals(123.456f, (float) RegisterValues.registers(BADC, 0, ValueType.FLOAT32, ByteOrder.BADC));
        assertEquals(123.456f, (float) RegisterValues.registers(DCBA, 0, ValueType.FLOAT32, ByteOrder.DCBA));
    }

    @Test
    void decodesSignedAndUnsignedIntegers() {
        byte[] minusTwo = {(byte) 0xFF, (byte) 0xFE};
        assertEquals(-2, RegisterValues.registers(minusTwo, 0, ValueType.INT16, ByteOrder.ABCD));
        assertEquals(65534, RegisterValues.registers(minusTwo, 0, ValueType.UINT16, ByteOrder.ABCD));
        assertEquals(-257, RegisterValues.registers(new byte[] {(byte) 0xFF, (byte) 0xFE}, 0, ValueType.INT16, ByteOrder.BADC),
                "bytes swapped within the word: 0xFEFF");
        byte[] big = {(byte) 0x80, 0, 0, 1, 0, 0};
        assertEquals(-2147483647, RegisterValues.registers(big, 0, ValueType.INT32, ByteOrder.ABCD));
        assertEquals(2147483649.0, RegisterValues.registers(big, 0, ValueType.UINT32, ByteOrder.ABCD));
        assertEquals(65536 + 1, RegisterValues.registers(new byte[] {0, 1, 0, 1}, 0, ValueType.INT32, ByteOrder.CDAB));
        assertEquals(0x0102, RegisterValues.registers(new byte[] {9, 9, 1, 2}, 1, ValueType.UINT16, ByteOrder.ABCD), "second register");
    }

    @Test
    void readsBitsOfRegistersAndPackedCoils() {
        byte[] word = {0x00, 0b0000_1000};
        assertTrue(RegisterValues.registerBit(word, 0, 3));
        assertFalse(RegisterValues.registerBit(word, 0, 2));
        assertTrue(RegisterValues.registerBit(new byte[] {(byte) 0x80, 0}, 0, 15));
        byte[] coils = {0b0000_0101, 0b0000_0001}; // coils 0, 2 and 8 on
        assertTrue(RegisterValues.coil(coils, 0));
        assertFalse(RegisterValues.coil(coils, 1));
        assertTrue(RegisterValues.coil(coils, 2));
        assertTrue(RegisterValues.coil(coils, 8));
    }

    @Test
    void plansFewReadsWithinTheProtocolsLimits() {
        List<RegisterPoint> points = new ArrayList<>();
        for (int i = 0; i < 200; i++) points.add(point("H" + i, Table.HOLDING, i * 2, ValueType.FLOAT32, null));
        points.add(point("I1", Table.INPUT, 5, ValueType.UINT16, new RegisterPoint.FaultBit(Table.INPUT, 20, 0, true)));
        points.add(point("C1", Table.COIL, 3, ValueType.BOOL, null));
        points.add(point("I2", Table.INPUT, 1000, ValueType.INT16, null));
        ReadPlan plan = ReadPlan.of(new ModbusDevice("h", 502, ModbusDevice.Framing.TCP, 1, Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(30), points));
        long holding = plan.reads.stream().filter(r -> r.table() == Table.HOLDING).count();
        assertEquals(4, holding, "400 registers in reads of at most 125, no float split between two: " + plan.reads);
        assertTrue(plan.reads.stream().allMatch(r -> r.count() <= ModbusDevice.MAX_REGISTERS_PER_READ));
        assertEquals(3, plan.reads.stream().filter(r -> r.table() == Table.INPUT).count(),
                "5, the fault bit at 20 (more than 8 registers on) and 1000 are three reads: " + plan.reads);
        for (ReadPlan.Slot s : plan.slots) {
            ReadPlan.Read r = plan.reads.get(s.read());
            assertTrue(r.covers(s.point().table(), s.point().address(), s.point().width()), "every value lies within its read");
        }
    }

    static RegisterPoint point(String tag, Table t, int address, ValueType type, RegisterPoint.FaultBit fault) {
        return new RegisterPoint(tag, t, address, type, ByteOrder.ABCD, 1, 0, fault);
    }
}
