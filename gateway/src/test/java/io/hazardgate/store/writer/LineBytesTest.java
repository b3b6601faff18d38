package io.hazardgate.store.writer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The bytes a write request carries are the UTF-8 of the batch's text, whatever its tags are written in. */
class LineBytesTest {
    @Test
    void encodesAnyRangeOfTheTextAsUtf8() {
        String text = "reading,site=罐区,tag=PT-101 value=1.5,quality=0i 1\n"
                + "reading,site=dam,tag=Wasserstand\u00e4,unit=m\u00b3 value=2.0,quality=0i 2\n"
                + "reading,site=dam,tag=\ud83d\udca7 value=3.0,quality=0i 3\n";
        StringBuilder batch = new StringBuilder(text);
        LineBytes bytes = new LineBytes();
        for (int[] r : new int[][] {{0, text.length()}, {0, text.indexOf('\n') + 1}, {text.indexOf('\n') + 1, text.length()}}) {
            bytes.encode(batch, r[0], r[1]);
            assertArrayEquals(text.substring(r[0], r[1]).getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOf(bytes.array(), bytes.length()), "characters " + r[0] + ".." + r[1]);
        }
    }

    @Test
    void growsForALargeBatchAndKeepsItsArrayForTheNext() {
        StringBuilder batch = new StringBuilder();
        while (batch.length() < 200_000) batch.append("reading,site=罐区,tag=TT-").append(batch.length()).append(" value=1.0 1\n");
        LineBytes bytes = new LineBytes();
        bytes.encode(batch, 0, batch.length());
        assertArrayEquals(batch.toString().getBytes(StandardCharsets.UTF_8), Arrays.copyOf(bytes.array(), bytes.length()));
        byte[] kept = bytes.array();
        bytes.encode("a v=1 1\n", 0, 8);
        assertEquals(8, bytes.length());
        assertSame(kept, bytes.array(), "a smaller batch reuses the array");
    }

    @Test
    void aLoneSurrogateBecomesAQuestionMarkAsTheJdkWritesIt() {
        String text = "t=\ud83d x=\udca7\n";
        LineBytes bytes = new LineBytes().encode(text, 0, text.length());
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(bytes.array(), bytes.length()));
    }
}
