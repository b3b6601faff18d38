package io.hazardgate.southbound.opcua;

import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.Site;
import io.hazardgate.ingest.ReadingIntake;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every OPC UA device of every site. A reload keeps the session of a device whose {@code opcua} block
 * did not change, closes removed or changed ones and starts new ones.
 */
public final class OpcUaSubscriptions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpcUaSubscriptions.class);

    private final ReadingIntake intake;
    private final OpcUaMetrics metrics;
    /** Connecting blocks for up to a request timeout: two threads so one unreachable server does not hold up all. */
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "opcua-connect");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, OpcUaSubscriber> subscribers = new HashMap<>();
    private final ClientPki pki;

    /** {@code pkiDir}: where the gateway keeps its OPC UA certificate and the server certificates it trusts. */
    public OpcUaSubscriptions(ReadingIntake intake, MeterRegistry meters, Path pkiDir) {
        this.intake = intake;
        this.pki = new ClientPki(pkiDir);
        this.metrics = new OpcUaMetrics(meters, () -> count(false), () -> count(true));
    }

    /** Subscribes to the OPC UA devices of {@code sites}: called on start and on every applied reload. */
    public synchronized void apply(List<Site> sites) {
        if (sites.stream().anyMatch(s -> s.devices().stream().anyMatch(d -> d.opcua() != null))) {
            try {
                pki.applicationCertificate(); // made on the first start with an OPC UA device, said in the log
            } catch (IOException e) {
                log.error("no OPC UA client certificate, secure OPC UA devices cannot connect: {}", e.getMessage());
            }
        }
        Map<String, OpcUaSubscriber> next = new HashMap<>();
        for (Site site : sites) {
            for (Device d : site.devices()) {
                if (d.opcua() == null) continue;
                String key = site.id() + "/" + d.id();
                OpcUaSubscriber running = subscribers.remove(key);
                if (running != null && running.config().equals(d.opcua())) {
                    next.put(key, running);
                    continue;
                }
                if (running != null) running.close();
                OpcUaSubscriber s = new OpcUaSubscriber(site.id(), d.id(), d.opcua(), intake, metrics, scheduler, pki);
                s.start();
                next.put(key, s);
            }
        }
        for (OpcUaSubscriber gone : subscribers.values()) {
            gone.close();
            log.info("closed the OPC UA session of device {}", gone.key());
        }
        subscribers.clear();
        subscribers.putAll(next);
    }

    private synchronized double count(boolean faultyOnly) {
        return subscribers.values().stream().filter(s -> !faultyOnly || s.faulty()).count();
    }

    @Override
    public synchronized void close() {
        for (OpcUaSubscriber s : subscribers.values()) s.close();
        subscribers.clear();
        scheduler.shutdownNow();
    }
}
