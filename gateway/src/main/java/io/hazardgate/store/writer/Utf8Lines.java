package io.hazardgate.store.writer;

import java.io.IOException;
import okio.BufferedSink;

/**
 * Line protocol from a batch's text to a request body as UTF-8, without a copy of the batch: its size is
 * counted in one pass, and its bytes are made in a second, a small buffer at a time, each written to the
 * sink before the next (okio recycles the segments it sends, so nothing of the batch's size is
 * allocated). A lone surrogate becomes {@code ?}, as {@code String.getBytes} makes it.
 */
final class Utf8Lines {
    /** okio's segment size: each write fills at most one segment, sent and recycled before the next. */
    static final int PIECE = 8192;

    private Utf8Lines() {}

    /** Bytes of {@code text[from, to)} in UTF-8. */
    static long size(CharSequence text, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Writes {@code text[from, to)} in UTF-8 to {@code sink}, {@value #PIECE} bytes at a time. */
    static void write(CharSequence text, int from, int to, BufferedSink sink) throws IOException {
        byte[] b = new byte[PIECE];
        int n = 0;
        for (int i = from; i < to; i++) {
            if (n > PIECE - 4) {
                sink.write(b, 0, n);
                n = 0;
            }
            char c = text.charAt(i);
            if (c < 0x80) {
                b[n++] = (byte) c;
            } else if (c < 0x800) {
                b[n++] = (byte) (0xC0 | c >> 6);
                b[n++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                b[n++] = (byte) (0xF0 | cp >> 18);
                b[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[n++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                b[n++] = '?';
            } else {
                b[n++] = (byte) (0xE0 | c >> 12);
                b[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[n++] = (byte) (0x80 | c & 0x3F);
            }
        }
        if (n > 0) sink.write(b, 0, n);
    }
}
