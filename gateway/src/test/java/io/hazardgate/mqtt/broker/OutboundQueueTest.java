package io.hazardgate.mqtt.broker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class OutboundQueueTest {
    private static OutboundMessage message(String topic, int bytes, int qos) {
        return new OutboundMessage(new PublishedMessage(topic, new byte[bytes], qos, false, null, null), qos, false);
    }

    @Test
    void dropsTheOldestWhenTheCountLimitIsReached() {
        OutboundQueue queue = new OutboundQueue(2, 1 << 20);
        OutboundMessage a = message("t", 1, 1);
        OutboundMessage b = message("t", 1, 1);
        OutboundMessage c = message("t", 1, 1);
        assertEquals(0, queue.offer(a));
        assertEquals(0, queue.offer(b));
        assertEquals(1, queue.offer(c));
        assertSame(b, queue.next(10));
        assertSame(c, queue.next(10));
    }

    @Test
    void dropsTheOldestWhenTheByteLimitIsReached() {
        OutboundQueue queue = new OutboundQueue(100, 25); // each message costs 10 payload + 1 topic
        queue.offer(message("t", 10, 0));
        queue.offer(message("t", 10, 0));
        assertEquals(1, queue.offer(message("t", 10, 0)));
        assertEquals(2, queue.pendingCount());
        assertEquals(22, queue.pendingBytes());
    }

    @Test
    void headWaitsWhenTheInflightWindowIsFullSoOrderIsKept() {
        OutboundQueue queue = new OutboundQueue(100, 1 << 20);
        OutboundMessage first = message("t", 1, 1);
        OutboundMessage second = message("t", 1, 0);
        queue.offer(first);
        queue.offer(message("t", 1, 1));
        queue.offer(second);
        assertSame(first, queue.next(1));
        assertNull(queue.next(1), "QoS 1 head needs a slot; nothing may overtake it");
        assertEquals(1, first.packetId());
        queue.removeInflight(queue.inflight(1));
        assertEquals(2, queue.next(1).packetId());
    }

    @Test
    void packetIdsWrapAndSkipThoseInFlight() {
        OutboundQueue queue = new OutboundQueue(100_000, Long.MAX_VALUE);
        queue.offer(message("t", 0, 1));
        OutboundMessage held = queue.next(10);
        assertEquals(1, held.packetId());
        for (int i = 2; i <= 65_535; i++) {
            queue.offer(message("t", 0, 1));
            OutboundMessage m = queue.next(10);
            queue.removeInflight(m);
        }
        queue.offer(message("t", 0, 1));
        assertEquals(2, queue.next(10).packetId(), "id 1 is still inflight after wrapping");
    }
}
