package io.hazardgate.store.writer;

import java.util.Arrays;

/**
 * Line protocol as the UTF-8 bytes of one write request, encoded from a batch's text into an array that
 * is kept from batch to batch: the text is not copied into a string, nor into an array made per request.
 * Not thread-safe; each batch has its own.
 */
final class LineBytes {
    private byte[] bytes = new byte[1 << 16];
    private int length;

    /** Replaces the content with {@code text[from, to)} in UTF-8; a lone surrogate becomes {@code ?}. */
    LineBytes encode(CharSequence text, int from, int to) {
        // line protocol is mostly ASCII: room for one byte a character, more only when a character needs it
        if (bytes.length < to - from) bytes = new byte[Math.max(to - from, bytes.length * 2)];
        byte[] b = bytes;
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80 && n < b.length) {
                b[n++] = (byte) c;
                continue;
            }
            if (b.length - n < 4) b = bytes = Arrays.copyOf(b, b.length + Math.max(b.length >> 1, 16));
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
        length = n;
        return this;
    }

    /** The array holding the content in {@code [0, length())}; valid until the next {@link #encode}. */
    byte[] array() { return bytes; }

    int length() { return length; }
}
