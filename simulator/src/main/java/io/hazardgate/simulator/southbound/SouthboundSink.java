package io.hazardgate.simulator.southbound;

import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.telemetry.TelemetrySink;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends each logger's messages the way the site file says it connects: a device with a {@code modbus}
 * block is played as a Modbus controller the gateway polls, one with an {@code hj212} account as an
 * HJ 212 logger sending to the gateway's listener, one with an {@code opcua} block as the OPC UA server
 * the gateway subscribes to, every other one through {@code mqtt} as before.
 */
public final class SouthboundSink implements TelemetrySink, AutoCloseable {
    private final TelemetrySink mqtt;
    private final Map<String, ModbusController> modbus = new HashMap<>();
    private final Map<String, Hj212Uplink> hj212 = new HashMap<>();
    private final Map<String, OpcUaPlc> opcua = new HashMap<>();

    private SouthboundSink(TelemetrySink mqtt) {
        this.mqtt = mqtt;
    }

    /** True when some device of {@code sites} speaks Modbus, HJ 212 or OPC UA. */
    public static boolean needed(List<Site> sites) {
        return sites.stream().flatMap(s -> s.devices().stream()).anyMatch(d -> d.modbus() != null || d.hj212() != null || d.opcua() != null);
    }

    /**
     * Starts a Modbus server for every Modbus device (where its site file puts it) and prepares an HJ 212
     * uplink to {@code hj212Listener} for every HJ 212 logger.
     */
    public static SouthboundSink start(List<Site> sites, TelemetrySink mqtt, InetSocketAddress hj212Listener) throws Exception {
        return start(sites, mqtt, () -> hj212Listener);
    }

    /** As above, with the listener's address found when the first packet is sent. */
    public static SouthboundSink start(List<Site> sites, TelemetrySink mqtt, java.util.function.Supplier<InetSocketAddress> hj212Listener)
            throws Exception {
        SouthboundSink sink = new SouthboundSink(mqtt);
        try {
            for (Site s : sites) {
                for (Device d : s.devices()) {
                    if (d.modbus() != null) sink.modbus.put(s.id() + "/" + d.id(), new ModbusController(d.modbus()));
                    if (d.opcua() != null) sink.opcua.put(s.id() + "/" + d.id(), new OpcUaPlc(d.opcua()));
                    if (d.hj212() != null) sink.hj212.put(s.id() + "/" + d.id(), new Hj212Uplink(d.hj212(), hj212Listener));
                }
            }
        } catch (Exception e) {
            sink.close();
            throw e;
        }
        return sink;
    }

    @Override
    public void send(TelemetryBatch batch) {
        String key = batch.site() + "/" + batch.device();
        ModbusController m = modbus.get(key);
        if (m != null) {
            m.write(batch);
            return;
        }
        OpcUaPlc o = opcua.get(key);
        if (o != null) {
            o.write(batch);
            return;
        }
        Hj212Uplink h = hj212.get(key);
        if (h != null) {
            h.send(batch);
            return;
        }
        mqtt.send(batch);
    }

    @Override
    public void sendRaw(String site, String device, byte[] payload) {
        mqtt.sendRaw(site, device, payload);
    }

    /** The port the Modbus controller of {@code site/device} listens on. */
    public int modbusPort(String site, String device) throws Exception {
        return modbus.get(site + "/" + device).port();
    }

    /** The port the OPC UA server of {@code site/device} listens on. */
    public int opcuaPort(String site, String device) {
        return opcua.get(site + "/" + device).port();
    }

    /** HJ 212 packets sent, and answered by the gateway. */
    public long hj212Sent() { return hj212.values().stream().mapToLong(Hj212Uplink::sent).sum(); }

    public long hj212Answered() { return hj212.values().stream().mapToLong(Hj212Uplink::answered).sum(); }

    /** One line on the played controllers and loggers. */
    public String status() {
        long sent = hj212.values().stream().mapToLong(Hj212Uplink::sent).sum();
        long answered = hj212.values().stream().mapToLong(Hj212Uplink::answered).sum();
        long failed = hj212.values().stream().mapToLong(Hj212Uplink::failed).sum();
        return modbus.size() + " Modbus controllers served, " + opcua.size() + " OPC UA servers served, " + hj212.size() + " HJ 212 loggers: " + sent + " packets sent, "
                + answered + " answered, " + failed + " failed";
    }

    @Override
    public void close() {
        for (ModbusController m : modbus.values()) {
            try {
                m.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
        for (OpcUaPlc o : opcua.values()) {
            try {
                o.close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
        for (Hj212Uplink h : hj212.values()) h.close();
    }
}
