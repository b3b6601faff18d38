package io.hazardgate.store.writer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What the writer refuses when it is made, so that the gateway stops at start with a reason rather than
 * failing every write later. Writes themselves go to real stores in {@code QuestDbShipperTest},
 * {@code VictoriaMetricsOutageTest} and {@code PoisonedTagTest}.
 */
class InfluxLineWriterTest {
    @Test
    void aTokenAHeaderCannotCarryIsRefusedAtOnceWithoutShowingIt() {
        for (String token : new String[] {"abc\ndef", "密钥"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new InfluxLineWriter("http://127.0.0.1:8086", token, "org", "bucket", 1));
            assertTrue(e.getMessage().contains("token has a character an HTTP header cannot carry"), e.getMessage());
            assertTrue(!e.getMessage().contains(token), "the token is not in the message: " + e.getMessage());
        }
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InfluxLineWriter("influx.plant.local:8086", "", "org", "bucket", 1));
        assertTrue(e.getMessage().contains("is not an http:// or https:// URL"), e.getMessage());
    }
}
