package io.hazardgate.simulator.scenario.play;

import io.hazardgate.simulator.cli.Durations;
import io.hazardgate.simulator.inject.PointEffect;
import io.hazardgate.simulator.plant.DeviceLogger;
import io.hazardgate.simulator.operator.Operator;
import io.hazardgate.simulator.plant.Plant;
import io.hazardgate.simulator.scenario.AckIncident;
import io.hazardgate.simulator.scenario.GarbageIncident;
import io.hazardgate.simulator.scenario.Incident;
import io.hazardgate.simulator.scenario.OfflineIncident;
import io.hazardgate.simulator.scenario.PointIncident;
import io.hazardgate.simulator.scenario.Scenario;
import io.hazardgate.simulator.telemetry.DeviceLink;
import io.hazardgate.simulator.telemetry.Reading;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.telemetry.TelemetrySink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One scenario played on the plant from plant time {@code start}: as a {@link PointEffect} it gives
 * the points under an incident the values the incident says; as a {@link TelemetrySink} in front of the
 * uplink it cuts and restores loggers' links, keeps what they sample while offline and uploads it
 * afterwards, slips garbage in, and has the operator acknowledge alarms when their time comes (before
 * the first message at or after it). Runs on the plant's single player thread: plant time only moves
 * forward, and nothing here needs a lock.
 */
public final class ScenarioPlay implements PointEffect, TelemetrySink {
    /** Incident values are rounded as a data logger would send them. */
    private static final double ROUNDING = 1e4;

    private final Scenario scenario;
    private final long start;
    private final TelemetrySink next;
    private final DeviceLink link;
    private final Operator operator;
    private final Consumer<String> events;
    /** Acknowledgements not yet made, in time order. */
    private final Deque<AckIncident> acks = new ArrayDeque<>();
    private final Map<String, PointTrack> points = new HashMap<>();
    private final Map<String, LinkTrack> links = new HashMap<>();
    private final Map<String, String> firstTag = new HashMap<>();
    private long uploaded;

    /**
     * @param start  plant time at which the scenario begins
     * @param next   where messages go (the uplink)
     * @param link     control over each logger's connection
     * @param operator who acknowledges alarms for {@code ack} incidents
     * @param events   one line per incident as it begins, per upload and per acknowledgement, for people watching
     */
    public ScenarioPlay(Scenario scenario, Plant plant, long start, TelemetrySink next, DeviceLink link, Operator operator,
                        Consumer<String> events) {
        this.scenario = scenario;
        this.start = start;
        this.next = next;
        this.link = link;
        this.operator = operator;
        this.events = events;
        Map<String, List<PointIncident>> byTag = new HashMap<>();
        Map<String, List<OfflineIncident>> outages = new HashMap<>();
        Map<String, List<GarbageIncident>> garbage = new HashMap<>();
        for (Incident i : scenario.incidents()) {
            if (i instanceof PointIncident p) byTag.computeIfAbsent(key(p.site(), p.tag()), k -> new ArrayList<>()).add(p);
            else if (i instanceof OfflineIncident o) outages.computeIfAbsent(key(o.site(), o.device()), k -> new ArrayList<>()).add(o);
            else if (i instanceof GarbageIncident g) garbage.computeIfAbsent(key(g.site(), g.device()), k -> new ArrayList<>()).add(g);
            else if (i instanceof AckIncident a) acks.add(a);
        }
        List<AckIncident> sorted = new ArrayList<>(acks);
        sorted.sort(Comparator.comparingLong(AckIncident::atMillis));
        acks.clear();
        acks.addAll(sorted);
        byTag.forEach((k, v) -> points.put(k, new PointTrack(v)));
        for (DeviceLogger l : plant.loggers()) {
            String k = key(l.site(), l.device());
            firstTag.put(k, l.tags().get(0));
            if (outages.containsKey(k) || garbage.containsKey(k)) {
                links.put(k, new LinkTrack(outages.getOrDefault(k, List.of()), garbage.getOrDefault(k, List.of())));
            }
        }
    }

    public Scenario scenario() {
        return scenario;
    }

    public long start() {
        return start;
    }

    /** Plant time at which the scenario is over. */
    public long end() {
        return start + scenario.duration().toMillis();
    }

    @Override
    public Reading apply(String site, Reading normal, long plantMillis) {
        PointTrack track = points.get(key(site, normal.tag()));
        if (track == null) return normal;
        long offset = plantMillis - start;
        PointIncident incident = track.at(offset);
        if (incident == null) {
            track.sent(normal.value());
            return normal;
        }
        if (track.isFirstSample(incident)) announce(incident);
        double startValue = track.startOf(incident, normal.value());
        double v = incident.shape().value(startValue, normal.value(), offset - incident.atMillis(), incident.lengthMillis());
        v = Math.round(v * ROUNDING) / ROUNDING;
        track.sent(v);
        return new Reading(normal.tag(), v, normal.ts(), incident.shape().quality());
    }

    @Override
    public void send(TelemetryBatch batch) {
        acknowledgeDue(batch.plantMillis() - start);
        LinkTrack track = links.get(key(batch.site(), batch.device()));
        if (track == null) {
            next.send(batch);
            return;
        }
        long offset = batch.plantMillis() - start;
        OfflineIncident outage = track.outageAt(offset);
        if (outage != null && track.down == null) {
            announce(outage);
            link.drop(batch.site(), batch.device());
            track.down = outage;
        } else if (outage == null && track.down != null) {
            reconnect(batch.site(), batch.device(), track);
        }
        for (GarbageIncident g : track.garbageDue(offset)) {
            announce(g);
            byte[] payload = (g.raw() != null ? g.raw() : g.kind().payload(firstTag.get(key(g.site(), g.device())), batch.ts()))
                    .getBytes(StandardCharsets.UTF_8);
            deliver(track, batch.site(), batch.device(), new LinkTrack.Held(null, payload));
        }
        deliver(track, batch.site(), batch.device(), new LinkTrack.Held(batch, null));
    }

    /**
     * Ends the scenario: links still down come back and upload, garbage not yet sent goes out. Called
     * when the run (or the demo's turn of this scenario) is over.
     */
    public void finish() {
        acknowledgeDue(Long.MAX_VALUE);
        links.forEach((k, track) -> {
            String[] sd = k.split("/", 2);
            if (track.down != null) reconnect(sd[0], sd[1], track);
            for (GarbageIncident g : track.garbageDue(Long.MAX_VALUE)) {
                byte[] payload = (g.raw() != null ? g.raw() : g.kind().payload(firstTag.get(k), System.currentTimeMillis()))
                        .getBytes(StandardCharsets.UTF_8);
                next.sendRaw(sd[0], sd[1], payload);
            }
        });
    }

    private void acknowledgeDue(long offset) {
        while (!acks.isEmpty() && acks.peek().atMillis() <= offset) {
            AckIncident a = acks.poll();
            announce(a);
            for (String line : operator.acknowledge(a.site(), a.tag(), a.comment())) events.accept(offset(a.atMillis()) + " " + line);
        }
    }

    /** Messages uploaded after outages so far. */
    public long uploaded() {
        return uploaded;
    }

    /** Messages lost to outages without upload so far. */
    public long lost() {
        long n = 0;
        for (LinkTrack t : links.values()) n += t.lost;
        return n;
    }

    private void deliver(LinkTrack track, String site, String device, LinkTrack.Held m) {
        if (track.down != null) {
            if (track.down.upload()) track.held.add(m);
            else track.lost++;
            return;
        }
        send(site, device, m);
    }

    private void reconnect(String site, String device, LinkTrack track) {
        link.restore(site, device);
        int n = track.held.size();
        while (!track.held.isEmpty()) {
            LinkTrack.Held m = track.held.poll();
            if (m.batch() != null) next.upload(m.batch());
            else next.sendRaw(site, device, m.raw());
        }
        uploaded += n;
        if (track.down.upload()) events.accept(offset(track.down.endMillis()) + " " + device + " is back and uploads " + n + " buffered messages");
        else events.accept(offset(track.down.endMillis()) + " " + device + " is back");
        track.down = null;
    }

    private void send(String site, String device, LinkTrack.Held m) {
        if (m.batch() != null) next.send(m.batch());
        else next.sendRaw(site, device, m.raw());
    }

    private void announce(Incident i) {
        events.accept(offset(i.atMillis()) + " " + (i.id() == null ? "" : i.id() + ": ") + i.describe());
    }

    private static String offset(long millis) {
        return "+" + Durations.readable(Duration.ofMillis(millis));
    }

    private static String key(String site, String id) {
        return site + "/" + id;
    }
}
