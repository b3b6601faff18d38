package io.hazardgate.southbound.modbus;

import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.Site;
import io.hazardgate.ingest.ReadingIntake;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Modbus device of every site, polled on one scheduling thread (polls themselves are
 * asynchronous). A reload keeps the connection and schedule of a device whose Modbus block did not
 * change, stops removed or changed ones and starts new ones.
 */
public final class ModbusPolling implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModbusPolling.class);

    private final ReadingIntake intake;
    private final ModbusMetrics metrics;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "modbus-poll");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ModbusPoller> pollers = new HashMap<>();

    public ModbusPolling(ReadingIntake intake, MeterRegistry meters) {
        this.intake = intake;
        this.metrics = new ModbusMetrics(meters, () -> count(false), () -> count(true));
    }

    /** Polls the Modbus devices of {@code sites}: called on start and on every applied reload. */
    public synchronized void apply(List<Site> sites) {
        Map<String, ModbusPoller> next = new HashMap<>();
        for (Site site : sites) {
            for (Device d : site.devices()) {
                if (d.modbus() == null) continue;
                String key = site.id() + "/" + d.id();
                ModbusPoller running = pollers.remove(key);
                if (running != null && running.config().equals(d.modbus())) {
                    next.put(key, running);
                    continue;
                }
                if (running != null) running.close();
                ModbusPoller p = new ModbusPoller(site.id(), d.id(), d.modbus(), intake, metrics);
                p.start(scheduler);
                next.put(key, p);
                log.info("polling Modbus device {} at {}:{} every {} ms ({} points)", key, d.modbus().host(), d.modbus().port(),
                        d.modbus().period().toMillis(), d.modbus().points().size());
            }
        }
        for (ModbusPoller gone : pollers.values()) {
            gone.close();
            log.info("stopped polling Modbus device {}", gone.key());
        }
        pollers.clear();
        pollers.putAll(next);
    }

    private synchronized double count(boolean faultyOnly) {
        return pollers.values().stream().filter(p -> !faultyOnly || p.faulty()).count();
    }

    @Override
    public synchronized void close() {
        for (ModbusPoller p : pollers.values()) p.close();
        pollers.clear();
        scheduler.shutdownNow();
    }
}
