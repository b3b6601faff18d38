package io.hazardgate.alarm.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import io.hazardgate.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mark that confirms events delivered to the MQTT sessions does not cost a force of the journal of
 * its own when it comes: it goes to disk with the next events' force, or once the bus has been quiet for
 * {@link AlarmBus#MARK_FORCE_DELAY_NANOS}. An event that comes right after a confirmation so never waits
 * for a force that only serves the mark. Until the mark is on disk, a crash publishes the event again.
 * Nor does a confirmation that completes make a new event wait for the rest of the earlier events'
 * delivery (the dashboard's listeners and such).
 */
class AlarmBusMarkTest {
    @TempDir Path dir;

    @Test
    void aDeliveryMarkIsForcedWithTheNextEventsOrAfterAQuietSecondNotAtOnce() throws Exception {
        Output output = new Output();
        List<CompletableFuture<Void>> barriers = output.barriers;
        List<String> published = output.published;
        AtomicLong nanos = new AtomicLong(1_000);
        AlarmJournal journal = AlarmJournal.open(dir.resolve("alarms"), new AlarmJournal.Recovered[1]);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        AlarmBus bus = new AlarmBus(List.of(), output, AlarmRecorder.NONE, Clock.systemUTC(), journal, meters, nanos::get);
        bus.start();
        try {
            AlarmEvent a = AlarmJournalTest.event("s:A:high:1", 1, AlarmState.RAISED, 10);
            bus.onEvent(a);
            Await.until("the event is published and its confirmation asked for", () -> published.size() == 1 && barriers.size() == 1);
            barriers.get(0).complete(null); // the sessions have it on disk
            settle(bus);
            assertEquals(List.of(a.id()), ids(onDisk().undelivered()), "the mark waits in memory: a crash now publishes the event again");

            AlarmEvent b = AlarmJournalTest.event("s:B:high:2", 1, AlarmState.RAISED, 20);
            bus.onEvent(b);
            Await.until("the next event is published", () -> published.size() == 2);
            assertEquals(List.of(b.id()), ids(onDisk().undelivered()), "the mark went to disk with the next event's force");

            Await.until("its confirmation is asked for", () -> barriers.size() == 2);
            barriers.get(1).complete(null);
            settle(bus);
            assertEquals(List.of(b.id()), ids(onDisk().undelivered()), "no force yet for the second mark");
            nanos.addAndGet(AlarmBus.MARK_FORCE_DELAY_NANOS); // a quiet second
            Await.until("the mark is forced once the bus has been quiet", () -> onDisk().undelivered().isEmpty());
            assertEquals(2, meters.get("hazardgate.alarm.journal.force").timer().count(),
                    "one timed force per batch of events; a mark's own force is not an event's wait");
        } finally {
            bus.close();
        }
    }

    @Test
    void aConfirmationThatCompletesDoesNotMakeTheNextEventWaitForTheRestOfTheEarlierOnes() throws Exception {
        Output output = new Output();
        List<CompletableFuture<Void>> barriers = output.barriers;
        List<String> order = output.published;
        AlarmJournal journal = AlarmJournal.open(dir.resolve("alarms"), new AlarmJournal.Recovered[1]);
        AlarmBus bus = new AlarmBus(List.of(), output, AlarmRecorder.NONE, Clock.systemUTC(), journal, null, System::nanoTime);
        AlarmEvent a1 = AlarmJournalTest.event("s:A1:high:1", 1, AlarmState.RAISED, 101);
        AlarmEvent a2 = AlarmJournalTest.event("s:A2:high:2", 1, AlarmState.RAISED, 102);
        AlarmEvent b1 = AlarmJournalTest.event("s:B1:high:3", 1, AlarmState.RAISED, 103);
        CountDownLatch inFirstListener = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        bus.addListener(new AlarmBusListener() {
            @Override
            public void onAlarm(AlarmEvent event) {
                order.add("listener " + event.tag());
                if (event.id().equals(a1.id())) {
                    inFirstListener.countDown();
                    AlarmBusBurstTest.await(goOn);
                }
            }
        });
        bus.start();
        try {
            CountDownLatch release = AlarmBusBurstTest.hold(bus);
            bus.onEvent(a1);
            bus.onEvent(a2);
            release.countDown();
            inFirstListener.await(30, TimeUnit.SECONDS); // the bus is in a1's listener; a2's rest waits
            Await.until("the confirmation of a1 and a2 is asked for", () -> barriers.size() == 1);
            barriers.get(0).complete(null); // it completes while a2's rest waits
            bus.onEvent(b1);
            goOn.countDown();
            Await.until("every listener heard its event", () -> order.stream().filter(o -> o.startsWith("listener ")).count() == 3);

            assertEquals(List.of("mqtt A1", "mqtt A2", "listener A1", "mqtt B1", "listener A2", "listener B1"), order,
                    "b1 is published before a2's listeners, confirmation or not");
        } finally {
            bus.close();
        }
    }

    /**
     * Keeps the alarm events it is given ("mqtt TAG") and the session store's confirmations it is asked
     * for, which the test completes.
     */
    private static final class Output implements AlarmOutput {
        final List<CompletableFuture<Void>> barriers = new CopyOnWriteArrayList<>();
        final List<String> published = new CopyOnWriteArrayList<>();

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retain) {
            if (topic.startsWith("alarm/")) published.add("mqtt " + topic.substring(topic.lastIndexOf('/') + 1));
        }

        @Override
        public CompletableFuture<Void> persisted() {
            CompletableFuture<Void> f = new CompletableFuture<>();
            barriers.add(f);
            return f;
        }
    }

    /** Runs two tasks on the bus one after the other: what was queued before, a completed confirmation too, is handled. */
    private static void settle(AlarmBus bus) throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            CountDownLatch done = new CountDownLatch(1);
            bus.afterDelivery(done::countDown);
            done.await(30, TimeUnit.SECONDS);
        }
    }

    /** What a restart would recover from the journal as it is on disk now (read from a copy: the bus holds it open). */
    private AlarmJournal.Recovered onDisk() throws IOException {
        Path copy = Files.createTempDirectory(dir, "copy");
        Files.copy(dir.resolve("alarms").resolve(AlarmJournal.FILE), copy.resolve(AlarmJournal.FILE));
        return AlarmJournalTest.reopen(copy);
    }

    private static List<String> ids(List<AlarmEvent> events) {
        return events.stream().map(AlarmEvent::id).toList();
    }
}
