package io.hazardgate.ingest;

import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.Site;
import io.hazardgate.mqtt.MessagePublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data loggers' own faults as ingest sees them: raised when a logger's message is refused for one
 * (its clock runs ahead), ended by its next accepted message. Each change is published retained on
 * {@code device-fault/{site}/{device}/{fault}} (JSON while raised, empty once ended) and logged; the
 * control room lists them. Only loggers named in a site file are tracked, so a client inventing device
 * names cannot grow this without bound (its refusals are still counted). Any thread.
 */
public final class DeviceFaults {
    private static final Logger log = LoggerFactory.getLogger(DeviceFaults.class);
    private static final byte[] EMPTY = new byte[0];

    private final MessagePublisher publisher;
    private final ConcurrentHashMap<String, DeviceFault> active = new ConcurrentHashMap<>();
    private final Counter raised;
    private volatile Set<String> known;
    /** Non-zero while some fault is active: the one check an accepted message pays in steady state. */
    private volatile int activeCount;

    public DeviceFaults(List<Site> sites, MessagePublisher publisher, MeterRegistry meters) {
        this.publisher = publisher;
        this.known = devices(sites);
        this.raised = IngestMetrics.deviceFaultsRaised(meters);
        IngestMetrics.deviceFaults(meters, this, f -> f.activeCount);
    }

    /** Tracks the loggers of a reloaded configuration. */
    public void sites(List<Site> sites) { this.known = devices(sites); }

    private static Set<String> devices(List<Site> sites) {
        Set<String> out = new HashSet<>();
        for (Site s : sites) {
            for (Device d : s.devices()) out.add(s.id() + "/" + d.id());
        }
        return Set.copyOf(out);
    }

    /** A message of {@code device} was refused for {@code fault}. */
    void raise(String site, String device, String fault, String detail, long now) {
        if (!known.contains(site + "/" + device)) return;
        String key = DeviceFault.topic(site, device, fault);
        synchronized (this) {
            DeviceFault before = active.get(key);
            if (before != null) {
                active.put(key, new DeviceFault(site, device, fault, detail, before.since(), now, before.count() + 1));
                return;
            }
            DeviceFault f = new DeviceFault(site, device, fault, detail, now, now, 1);
            active.put(key, f);
            activeCount = active.size();
            raised.increment();
            log.warn("Data logger {} of site {}: fault {} raised: {}", device, site, fault, detail);
            publisher.publish(key, f.json().getBytes(StandardCharsets.UTF_8), 1, true);
        }
    }

    /** A message of {@code device} was accepted: faults that refusals raised are over. Allocates only while some fault is active. */
    void accepted(String site, String device) {
        if (activeCount == 0) return;
        String key = DeviceFault.topic(site, device, DeviceFault.CLOCK_SKEW);
        synchronized (this) {
            DeviceFault f = active.remove(key);
            if (f == null) return;
            activeCount = active.size();
            log.info("Data logger {} of site {}: fault {} ended after {} refused messages", device, site, f.fault(), f.count());
            publisher.publish(key, EMPTY, 1, true);
        }
    }

    /** Every active fault, by site and device. */
    public List<DeviceFault> active() {
        List<DeviceFault> out = new ArrayList<>(active.values());
        out.sort(Comparator.comparing(DeviceFault::site).thenComparing(DeviceFault::device).thenComparing(DeviceFault::fault));
        return out;
    }
}
