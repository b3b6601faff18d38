package io.hazardgate.southbound.hj212;

/**
 * The CRC of HJ 212-2017 (appendix A): over the data segment's bytes, register 0xFFFF, each byte
 * XORed into the register's high byte shifted down (not the low byte as in Modbus), then eight
 * reflected steps with polynomial 0xA001. Written as four upper-case hex digits after the data segment.
 */
public final class Hj212Crc {
    private Hj212Crc() {}

    public static int of(byte[] data, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc >>> 8) ^ (data[i] & 0xff);
            for (int j = 0; j < 8; j++) {
                boolean lsb = (crc & 1) != 0;
                crc >>>= 1;
                if (lsb) crc ^= 0xA001;
            }
        }
        return crc;
    }
}
