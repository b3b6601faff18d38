package io.hazardgate.store.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** A write request carries the UTF-8 of the batch's text, whatever its tags are written in, and says its size. */
class Utf8LinesTest {
    @Test
    void anyRangeOfTheTextIsItsUtf8AndItsSizeIsCountedAhead() throws Exception {
        String text = "reading,site=罐区,tag=PT-101 value=1.5,quality=0i 1\n"
                + "reading,site=dam,tag=Wasserstand\u00e4,unit=m\u00b3 value=2.0,quality=0i 2\n"
                + "reading,site=dam,tag=\ud83d\udca7 value=3.0,quality=0i 3\n"
                + "reading,site=dam,tag=\ud83d x=\udca7 lone surrogates 4\n";
        StringBuilder batch = new StringBuilder(text);
        int first = text.indexOf('\n') + 1;
        for (int[] r : new int[][] {{0, text.length()}, {0, first}, {first, text.length()}}) {
            byte[] expected = text.substring(r[0], r[1]).getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.length, Utf8Lines.size(batch, r[0], r[1]), "size of " + r[0] + ".." + r[1]);
            Buffer sink = new Buffer();
            Utf8Lines.write(batch, r[0], r[1], sink);
            assertArrayEquals(expected, sink.readByteArray(), "characters " + r[0] + ".." + r[1]);
        }
    }

    @Test
    void aBatchLargerThanAPieceArrivesWholeWithCharactersAcrossPieceEdges() throws Exception {
        StringBuilder batch = new StringBuilder();
        while (batch.length() < 5 * Utf8Lines.PIECE) batch.append("reading,site=罐区,tag=TT-\ud83d\udca7").append(batch.length()).append(" value=1.0 1\n");
        byte[] expected = batch.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, Utf8Lines.size(batch, 0, batch.length()));
        Buffer sink = new Buffer();
        Utf8Lines.write(batch, 0, batch.length(), sink);
        assertArrayEquals(expected, sink.readByteArray());
    }
}
