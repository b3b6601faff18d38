package io.hazardgate.southbound.hj212;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Writes a data segment as an HJ 212-2017 packet: {@code ##}, length, segment, CRC, CRLF. */
public final class Hj212Frames {
    private Hj212Frames() {}

    public static byte[] frame(String segment) {
        byte[] data = segment.getBytes(StandardCharsets.UTF_8);
        String head = String.format(Locale.ROOT, "##%04d", data.length);
        String tail = String.format(Locale.ROOT, "%04X\r\n", Hj212Crc.of(data, 0, data.length));
        byte[] out = new byte[head.length() + data.length + tail.length()];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, out, 0, head.length());
        System.arraycopy(data, 0, out, head.length(), data.length);
        System.arraycopy(tail.getBytes(StandardCharsets.US_ASCII), 0, out, head.length() + data.length, tail.length());
        return out;
    }
}
