package io.hazardgate.southbound.modbus;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.client.ModbusClient;
import com.digitalpetri.modbus.client.ModbusRtuClient;
import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.ModbusTimeoutException;
import com.digitalpetri.modbus.pdu.ModbusRequestPdu;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadCoilsResponse;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsResponse;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersResponse;
import com.digitalpetri.modbus.pdu.ModbusResponsePdu;
import com.digitalpetri.modbus.tcp.client.NettyClientTransportConfig;
import com.digitalpetri.modbus.tcp.client.NettyRtuClientTransport;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import io.hazardgate.config.device.ModbusDevice;
import io.hazardgate.config.device.RegisterPoint;
import io.hazardgate.ingest.ReadingBuilder;
import io.hazardgate.ingest.ReadingIntake;
import io.hazardgate.record.Quality;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one Modbus device every period: the plan's reads one after another (serial servers and most
 * controllers take one request at a time), then one record of every point. A poll that fails in any
 * way (timeout, exception code, lost connection) yields no reading at all: the device is faulty, its
 * points go to no-data at once, and it comes back with its first complete poll. Reconnection waits one
 * period, then twice as long each failed attempt, up to the device's {@code backoffMax}.
 */
final class ModbusPoller {
    private static final Logger log = LoggerFactory.getLogger(ModbusPoller.class);

    private final String site;
    private final String device;
    private final ModbusDevice config;
    private final ReadPlan plan;
    private final ReadingIntake intake;
    private final ModbusMetrics metrics;
    private final ModbusClient client;
    private final long periodNanos;
    private ScheduledFuture<?> schedule;
    private long firstTick;
    private long ticks;
    // touched by the poll thread and the client's completion threads, one poll at a time
    private volatile boolean inFlight;
    private volatile boolean faulty;
    private volatile boolean closed;
    private volatile long nextConnectAt;
    private volatile long inFlightSince;
    private final long stuckAfterNanos;
    private volatile long backoffNanos;

    ModbusPoller(String site, String device, ModbusDevice config, ReadingIntake intake, ModbusMetrics metrics) {
        this.site = site;
        this.device = device;
        this.config = config;
        this.plan = ReadPlan.of(config);
        this.intake = intake;
        this.metrics = metrics;
        this.periodNanos = config.period().toNanos();
        this.backoffNanos = periodNanos;
        this.stuckAfterNanos = Math.max(periodNanos, config.timeout().toNanos() * (plan.reads.size() + 1)) * 2;
        Consumer<NettyClientTransportConfig.Builder> transport = cfg -> {
            cfg.setHostname(config.host());
            cfg.setPort(config.port());
            cfg.setConnectTimeout(config.timeout());
            cfg.setConnectPersistent(false); // reconnection is ours, with backoff and a fault raised
        };
        Consumer<com.digitalpetri.modbus.client.ModbusClientConfig.Builder> requests = cfg -> cfg.setRequestTimeout(config.timeout());
        this.client = config.framing() == ModbusDevice.Framing.TCP
                ? ModbusTcpClient.create(NettyTcpClientTransport.create(transport), requests)
                : ModbusRtuClient.create(NettyRtuClientTransport.create(transport), requests);
    }

    String key() { return site + "/" + device; }

    ModbusDevice config() { return config; }

    boolean faulty() { return faulty; }

    void start(ScheduledExecutorService scheduler) {
        firstTick = System.nanoTime();
        schedule = scheduler.scheduleAtFixedRate(this::safeTick, 0, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** A periodic task that throws is never run again: whatever goes wrong in one tick, the next one comes. */
    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            inFlight = false;
            metrics.disconnected.increment();
            fault("poll failed: " + e);
        }
    }

    void close() {
        closed = true;
        if (schedule != null) schedule.cancel(false);
        client.disconnectAsync();
    }

    private void tick() {
        long now = System.nanoTime();
        metrics.lag.record(Math.max(0, now - (firstTick + ticks++ * periodNanos)), TimeUnit.NANOSECONDS);
        if (closed) return;
        if (inFlight) {
            metrics.overrun.increment();
            // every request has its timeout; a poll that outlives all of them lost a completion: start afresh
            if (now - inFlightSince > stuckAfterNanos) {
                inFlight = false;
                fault("a poll got no outcome within " + TimeUnit.NANOSECONDS.toMillis(stuckAfterNanos) + " ms; reconnecting");
                client.disconnectAsync();
            }
            return;
        }
        if (!client.isConnected()) {
            if (now - nextConnectAt < 0) return;
            inFlight = true;
            inFlightSince = now;
            client.connectAsync().whenComplete((v, e) -> {
                if (e != null) {
                    metrics.connectFailed.increment();
                    nextConnectAt = System.nanoTime() + backoffNanos;
                    backoffNanos = Math.min(backoffNanos * 2, config.backoffMax().toNanos());
                    fault("cannot connect to " + config.host() + ":" + config.port() + " (" + cause(e) + "); next attempt in "
                            + Duration.ofNanos(nextConnectAt - System.nanoTime()).toMillis() + " ms");
                    inFlight = false;
                } else {
                    backoffNanos = periodNanos;
                    poll(); // connected: read at once rather than a period later
                }
            });
            return;
        }
        inFlight = true;
        inFlightSince = now;
        poll();
    }

    /** Sends the plan's reads in turn; the last response (or the first failure) ends the poll. */
    private void poll() {
        long start = System.nanoTime();
        Object[] responses = new Object[plan.reads.size()];
        read(0, responses, start);
    }

    private void read(int i, Object[] responses, long start) {
        if (closed) {
            inFlight = false;
            return;
        }
        if (i == responses.length) {
            metrics.duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            deliver(responses);
            inFlight = false;
            return;
        }
        ReadPlan.Read r = plan.reads.get(i);
        client.sendAsync(config.unitId(), request(r)).whenComplete((pdu, e) -> {
            if (e != null) {
                failed(r, e);
                inFlight = false;
                return;
            }
            responses[i] = data(pdu);
            read(i + 1, responses, start);
        });
    }

    private void deliver(Object[] responses) {
        metrics.ok.increment();
        intake.submit(site, device, b -> {
            for (ReadPlan.Slot s : plan.slots) add(b, s, responses);
        }, ReadingIntake.Outcome.NONE);
        if (faulty) {
            faulty = false;
            log.info("Modbus device {}/{} answers again", site, device);
            intake.deviceOnline(site, device);
        }
    }

    private static void add(ReadingBuilder b, ReadPlan.Slot s, Object[] responses) {
        RegisterPoint p = s.point();
        if (s.faultRead() >= 0 && faultBitSet(p.fault(), (byte[]) responses[s.faultRead()], s.faultOffset())) {
            // the instrument says it is faulty: a fault, never shown as a value (GB/T 50493 §5.1)
            b.add(p.tag(), ReadingBuilder.NO_TIMESTAMP, Double.NaN, Quality.BAD);
            return;
        }
        byte[] data = (byte[]) responses[s.read()];
        double raw = p.table().isBits() ? (RegisterValues.coil(data, s.offset()) ? 1 : 0)
                : RegisterValues.registers(data, s.offset(), p.type(), p.order());
        b.add(p.tag(), ReadingBuilder.NO_TIMESTAMP, p.apply(raw), Quality.GOOD);
    }

    private static boolean faultBitSet(RegisterPoint.FaultBit f, byte[] data, int offset) {
        boolean set = f.table().isBits() ? RegisterValues.coil(data, offset) : RegisterValues.registerBit(data, offset, f.bit());
        return set == f.activeHigh();
    }

    private void failed(ReadPlan.Read r, Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String what = r.table().name().toLowerCase(java.util.Locale.ROOT) + " " + r.start() + ".." + (r.start() + r.count() - 1);
        if (c instanceof ModbusResponseException mre) {
            metrics.exception.increment();
            String name = ExceptionCode.from(mre.getExceptionCode()).map(Enum::name).orElse("unknown");
            fault("exception code " + mre.getExceptionCode() + " (" + name + ") reading " + what);
        } else if (isTimeout(c)) {
            metrics.timeout.increment();
            fault("no answer within " + config.timeout().toMillis() + " ms reading " + what);
        } else {
            metrics.disconnected.increment();
            fault("connection lost reading " + what + " (" + cause(c) + ")");
            // the client may still call a closed channel connected: drop it, so the next tick connects afresh
            client.disconnectAsync();
        }
    }

    /** The device is faulty: its points go to no-data at once; said once per fault, not per poll. */
    private void fault(String why) {
        if (closed || faulty) {
            log.debug("Modbus device {}/{} still faulty: {}", site, device, why);
            return;
        }
        faulty = true;
        log.warn("Modbus device {}/{} is faulty: {}", site, device, why);
        intake.deviceOffline(site, device);
    }

    private static ModbusRequestPdu request(ReadPlan.Read r) {
        return switch (r.table()) {
            case HOLDING -> new ReadHoldingRegistersRequest(r.start(), r.count());
            case INPUT -> new ReadInputRegistersRequest(r.start(), r.count());
            case COIL -> new ReadCoilsRequest(r.start(), r.count());
            case DISCRETE -> new ReadDiscreteInputsRequest(r.start(), r.count());
        };
    }

    private static byte[] data(ModbusResponsePdu pdu) {
        if (pdu instanceof ReadHoldingRegistersResponse h) return h.registers();
        if (pdu instanceof ReadInputRegistersResponse in) return in.registers();
        if (pdu instanceof ReadCoilsResponse c) return c.coils();
        if (pdu instanceof ReadDiscreteInputsResponse d) return d.inputs();
        throw new IllegalStateException("unexpected response " + pdu);
    }

    /** The library reports a request without an answer as a timeout, possibly wrapped. */
    private static boolean isTimeout(Throwable c) {
        for (Throwable t = c; t != null; t = t.getCause()) {
            if (t instanceof ModbusTimeoutException || t instanceof java.util.concurrent.TimeoutException) return true;
        }
        return false;
    }

    private static String cause(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
