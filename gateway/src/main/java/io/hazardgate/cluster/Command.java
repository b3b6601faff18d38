package io.hazardgate.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Work for the alarm tier other than readings, carried on the readings topic in the site's partition so
 * that it is applied in order with the site's readings, by whichever node owns the partition:
 * an operator's acknowledgement, a data logger's loss of its link. Each carries the time it was made,
 * which is the time the engine applies it at.
 */
public sealed interface Command {
    byte ACK_KIND = 3;
    byte DEVICE_OFFLINE_KIND = 4;

    long ts();

    /** An operator acknowledges alarm {@code alarmId}. */
    record Ack(long ts, String alarmId, String who, String comment) implements Command {}

    /** Data logger {@code device} of {@code site} lost its link (its will, or its own status message). */
    record DeviceOffline(long ts, String site, String device) implements Command {}

    /** The site whose partition the command belongs to, or null for an acknowledgement of no alarm id. */
    static String site(Command c) {
        if (c instanceof DeviceOffline d) return d.site();
        io.hazardgate.alarm.lifecycle.AlarmId id = io.hazardgate.alarm.lifecycle.AlarmId.parse(((Ack) c).alarmId());
        return id == null ? null : id.site();
    }

    static byte[] encode(Command c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (c instanceof Ack a) {
                out.writeByte(ACK_KIND);
                out.writeLong(a.ts());
                out.writeUTF(a.alarmId());
                out.writeUTF(a.who());
                out.writeUTF(a.comment() == null ? "" : a.comment());
            } else if (c instanceof DeviceOffline d) {
                out.writeByte(DEVICE_OFFLINE_KIND);
                out.writeLong(d.ts());
                out.writeUTF(d.site());
                out.writeUTF(d.device());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The command in {@code value}, or null when its first byte is not a command kind. */
    static Command decode(byte[] value) {
        if (value.length == 0 || (value[0] != ACK_KIND && value[0] != DEVICE_OFFLINE_KIND)) return null;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            byte kind = in.readByte();
            long ts = in.readLong();
            if (kind == ACK_KIND) return new Ack(ts, in.readUTF(), in.readUTF(), in.readUTF());
            return new DeviceOffline(ts, in.readUTF(), in.readUTF());
        } catch (IOException e) {
            throw new IllegalArgumentException("damaged command record: " + e.getMessage(), e);
        }
    }
}
