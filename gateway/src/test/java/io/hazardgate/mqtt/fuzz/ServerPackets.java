package io.hazardgate.mqtt.fuzz;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.util.ArrayList;
import java.util.List;

/** Splits what the server wrote into packets: {type, first body byte or -1}. */
final class ServerPackets {
    private ServerPackets() {}

    static List<int[]> read(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        try {
            for (Object o; (o = channel.readOutbound()) != null; ) {
                ByteBuf b = (ByteBuf) o;
                all.writeBytes(b);
                b.release();
            }
            List<int[]> packets = new ArrayList<>();
            while (all.isReadable()) {
                int type = all.readUnsignedByte() >> 4;
                int length = 0;
                int shift = 0;
                int digit;
                do {
                    digit = all.readUnsignedByte();
                    length |= (digit & 0x7F) << shift;
                    shift += 7;
                } while ((digit & 0x80) != 0);
                packets.add(new int[] {type, length > 0 ? all.getUnsignedByte(all.readerIndex()) : -1});
                all.skipBytes(length);
            }
            return packets;
        } finally {
            all.release();
        }
    }
}
