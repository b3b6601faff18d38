package io.hazardgate.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PayloadTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoadNaming naming = new LoadNaming("load", "L");

    @Test
    void patchedMessageIsWireContractJsonWithTheDevicesTags() throws Exception {
        PayloadTemplate t = new PayloadTemplate("L", 3);
        byte[] buf = t.newBuffer();
        t.patch(buf, 1732350000123L, 41, 3, new SplittableRandom(1));

        JsonNode root = JSON.readTree(buf);
        assertEquals(1732350000123L, root.get("ts").longValue());
        JsonNode r = root.get("readings");
        assertEquals(3, r.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(naming.tag(41, 3 + i), r.get(i).get("tag").textValue());
            double v = r.get(i).get("value").doubleValue();
            assertTrue(v >= 0 && v < PayloadTemplate.MAX_VALUE, "value " + v);
        }
        assertEquals("L00042-004", r.get(0).get("tag").textValue());
    }

    @Test
    void everyMessageHasTheSameLengthSoBuffersCanBeReused() throws Exception {
        PayloadTemplate t = new PayloadTemplate("LOAD_", 100);
        byte[] buf = t.newBuffer();
        SplittableRandom values = new SplittableRandom(7);
        for (int device : new int[] {0, 9, 99_998}) {
            t.patch(buf, 1_000_000_000_000L + device, device, 0, values);
            assertEquals(t.length(), buf.length);
            JsonNode root = JSON.readTree(buf);
            assertEquals(100, root.get("readings").size());
            assertEquals(naming.tag(device, 99).replace("L", "LOAD_"), root.get("readings").get(99).get("tag").textValue());
        }
    }

    @Test
    void countingSubscriberReadsThePublishTimeBackFromAMessage() {
        PayloadTemplate t = new PayloadTemplate("L", 2);
        byte[] buf = t.newBuffer();
        t.patch(buf, 1732350000123L, 0, 0, new SplittableRandom(1));
        assertEquals(1732350000123L, SubscribeCounter.publishTs(buf));
        assertEquals(-1, SubscribeCounter.publishTs("{\"readings\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
