package io.hazardgate.alarm.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import io.hazardgate.testing.Await;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A burst of alarm events that the bus takes as one batch: every event is on its MQTT topic before the
 * bus does the rest of the work for any of them (current state, colours, the dashboard's listeners), in
 * the order the shards handed them over; and the time each waited is what the delivery-delay timer says.
 */
class AlarmBusBurstTest {
    private static final int BURST = 5;

    @Test
    void aBurstIsPublishedOnMqttBeforeTheRestOfItsDeliveryInHandOverOrder() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        AlarmOutput output = (topic, payload, qos, retain) -> {
            if (topic.startsWith("alarm/")) {
                String json = new String(payload, StandardCharsets.UTF_8);
                order.add("mqtt " + json.substring(json.indexOf("\"id\":\"") + 6, json.indexOf('"', json.indexOf("\"id\":\"") + 6)));
            } else if (topic.startsWith("alarm-state/")) {
                order.add("state " + topic);
            }
        };
        AtomicLong nanos = new AtomicLong(1_000);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AlarmBus bus = new AlarmBus(List.of(), output, AlarmRecorder.NONE, Clock.systemUTC(), null, meters, nanos::get);
        bus.addListener(new AlarmBusListener() {
            @Override
            public void onAlarm(AlarmEvent event) {
                order.add("listener " + event.id());
            }
        });
        bus.start();
        try {
            // hold the bus so that the whole burst is queued when it looks again: one batch
            CountDownLatch release = hold(bus);
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= BURST; i++) {
                AlarmEvent e = AlarmJournalTest.event("s:P" + i + ":high:" + i, 1, AlarmState.RAISED, 100 + i);
                ids.add(e.id());
                bus.onEvent(e);
            }
            nanos.addAndGet(3_000_000); // each waited 3 ms in the queue
            release.countDown();
            Await.until("the listener saw the whole burst", () -> order.stream().filter(s -> s.startsWith("listener ")).count() == BURST);

            List<String> published = new ArrayList<>();
            for (String id : ids) published.add("mqtt " + id);
            assertEquals(published, order.subList(0, BURST), "every event of the burst on MQTT first, in hand-over order: " + order);
            List<String> heard = order.stream().filter(s -> s.startsWith("listener ")).map(s -> s.substring(9)).toList();
            assertEquals(ids, heard);
            assertEquals(BURST, order.stream().filter(s -> s.startsWith("state ")).count());

            Timer delay = meters.get("hazardgate.alarm.delivery.delay").timer();
            assertEquals(BURST, delay.count());
            assertEquals(3.0, delay.max(TimeUnit.MILLISECONDS), 1e-9);
            assertEquals(BURST * 3.0, delay.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        } finally {
            bus.close();
        }
    }

    @Test
    void anEventThatComesWhileEarlierOnesAreStillBeingDeliveredIsPublishedFirstAndTasksWaitForAll() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        AlarmOutput output = (topic, payload, qos, retain) -> {
            if (topic.startsWith("alarm/")) {
                String json = new String(payload, StandardCharsets.UTF_8);
                int at = json.indexOf("\"id\":\"") + 6;
                order.add("mqtt " + json.substring(at, json.indexOf('"', at)));
            }
        };
        AlarmBus bus = new AlarmBus(List.of(), output, AlarmRecorder.NONE, Clock.systemUTC(), null, new SimpleMeterRegistry(),
                System::nanoTime);
        CountDownLatch inFirstListener = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        AlarmEvent a1 = AlarmJournalTest.event("s:A1:high:1", 1, AlarmState.RAISED, 101);
        AlarmEvent a2 = AlarmJournalTest.event("s:A2:high:2", 1, AlarmState.RAISED, 102);
        AlarmEvent b1 = AlarmJournalTest.event("s:B1:high:3", 1, AlarmState.RAISED, 103);
        bus.addListener(new AlarmBusListener() {
            @Override
            public void onAlarm(AlarmEvent event) {
                order.add("listener " + event.id());
                if (event.id().equals(a1.id())) {
                    inFirstListener.countDown();
                    await(goOn);
                }
            }
        });
        bus.start();
        try {
            CountDownLatch release = hold(bus);
            bus.onEvent(a1);
            bus.onEvent(a2);
            release.countDown();
            inFirstListener.await(30, TimeUnit.SECONDS); // the bus is delivering the rest of a1; a2's rest waits
            bus.onEvent(b1);
            CountDownLatch afterAll = new CountDownLatch(1);
            List<String> seenByTask = new ArrayList<>();
            bus.afterDelivery(() -> {
                seenByTask.addAll(order);
                afterAll.countDown();
            });
            goOn.countDown();
            afterAll.await(30, TimeUnit.SECONDS);

            assertEquals(List.of("mqtt " + a1.id(), "mqtt " + a2.id(), "listener " + a1.id(), "mqtt " + b1.id(),
                    "listener " + a2.id(), "listener " + b1.id()), seenByTask);
        } finally {
            bus.close();
        }
    }

    /** Holds the bus's thread in a task until the returned latch is released: what comes meanwhile is queued. */
    static CountDownLatch hold(AlarmBus bus) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        bus.afterDelivery(() -> {
            holding.countDown();
            await(release);
        });
        holding.await(30, TimeUnit.SECONDS);
        return release;
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
