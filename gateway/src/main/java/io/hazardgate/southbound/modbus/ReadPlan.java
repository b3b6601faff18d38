package io.hazardgate.southbound.modbus;

import io.hazardgate.config.device.ModbusDevice;
import io.hazardgate.config.device.RegisterPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The read requests that cover a device's register map, planned once per configuration: the addresses
 * each table needs (values and fault bits) are merged into ranges, a gap of a few unused registers is
 * read rather than costing another round trip, and no range exceeds what one Modbus read may return.
 */
final class ReadPlan {
    /** Unused registers read through rather than splitting a request. */
    static final int MAX_GAP = 8;

    /** One read request: {@code count} registers or coils of {@code table} from {@code start}. */
    record Read(RegisterPoint.Table table, int start, int count) {
        boolean covers(RegisterPoint.Table t, int address, int width) {
            return t == table && address >= start && address + width <= start + count;
        }
    }

    /** Where a point's value (and fault bit) are in the plan's reads. */
    record Slot(RegisterPoint point, int read, int offset, int faultRead, int faultOffset) {}

    final List<Read> reads;
    final List<Slot> slots;

    private ReadPlan(List<Read> reads, List<Slot> slots) {
        this.reads = reads;
        this.slots = slots;
    }

    static ReadPlan of(ModbusDevice device) {
        List<Read> reads = new ArrayList<>();
        for (RegisterPoint.Table t : RegisterPoint.Table.values()) {
            // spans [start, end) of every value and fault bit in this table, by address
            List<int[]> spans = new ArrayList<>();
            for (RegisterPoint p : device.points()) {
                if (p.table() == t) spans.add(new int[] {p.address(), p.address() + p.width()});
                if (p.fault() != null && p.fault().table() == t) spans.add(new int[] {p.fault().address(), p.fault().address() + 1});
            }
            spans.sort(Comparator.comparingInt(a -> a[0]));
            int max = t.isBits() ? ModbusDevice.MAX_COILS_PER_READ : ModbusDevice.MAX_REGISTERS_PER_READ;
            int start = -1;
            int end = -1; // exclusive
            for (int[] span : spans) {
                // a value is never split between two reads: it joins the range whole or starts the next one
                if (start >= 0 && span[0] - end <= MAX_GAP && Math.max(end, span[1]) - start <= max) {
                    end = Math.max(end, span[1]);
                    continue;
                }
                if (start >= 0) reads.add(new Read(t, start, end - start));
                start = span[0];
                end = span[1];
            }
            if (start >= 0) reads.add(new Read(t, start, end - start));
        }
        reads.sort(Comparator.comparing(Read::table).thenComparingInt(Read::start));
        List<Slot> slots = new ArrayList<>();
        for (RegisterPoint p : device.points()) {
            int r = find(reads, p.table(), p.address(), p.width());
            int fr = -1;
            int fo = 0;
            if (p.fault() != null) {
                fr = find(reads, p.fault().table(), p.fault().address(), 1);
                fo = p.fault().address() - reads.get(fr).start();
            }
            slots.add(new Slot(p, r, p.address() - reads.get(r).start(), fr, fo));
        }
        return new ReadPlan(List.copyOf(reads), List.copyOf(slots));
    }

    private static int find(List<Read> reads, RegisterPoint.Table t, int address, int width) {
        for (int i = 0; i < reads.size(); i++) if (reads.get(i).covers(t, address, width)) return i;
        throw new IllegalStateException("no read covers " + t + " " + address);
    }
}
