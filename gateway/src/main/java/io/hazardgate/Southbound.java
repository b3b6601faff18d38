package io.hazardgate;

import io.hazardgate.config.GatewayConfig;
import io.hazardgate.config.site.Site;
import io.hazardgate.ingest.DeviceFaults;
import io.hazardgate.ingest.ReadingIntake;
import io.hazardgate.ingest.TelemetryIngest;
import io.hazardgate.mqtt.MessagePublisher;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.BytesAllocator;
import io.hazardgate.record.DeviceStatusSink;
import io.hazardgate.record.ReadingSink;
import io.hazardgate.record.ReadingTap;
import io.hazardgate.record.RecordLog;
import io.hazardgate.config.Hj212Settings;
import io.hazardgate.southbound.hj212.Hj212Ingest;
import io.hazardgate.southbound.hj212.Hj212Metrics;
import io.hazardgate.southbound.hj212.server.Hj212Server;
import io.hazardgate.southbound.json.PayloadProfiles;
import io.hazardgate.southbound.modbus.ModbusPolling;
import io.hazardgate.southbound.opcua.OpcUaSubscriptions;
import io.hazardgate.config.SouthboundSettings;
import io.hazardgate.southbound.sparkplug.SparkplugBridge;
import io.hazardgate.southbound.sparkplug.SparkplugHost;
import java.util.ArrayList;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * The southbound protocols, wired into the same ingest as MQTT telemetry: payload profiles for MQTT
 * devices with their own JSON, Sparkplug B edge nodes, Modbus polling, OPC UA subscriptions, the HJ 212
 * listener (when configured). Started after the alarm engine (readings need it),
 * reloaded with the sites, closed before it.
 */
final class Southbound implements AutoCloseable {
    private final TelemetryIngest mqttIngest;
    private final ReadingIntake modbusIntake;
    private final ModbusPolling modbus;
    private final ReadingIntake opcuaIntake;
    private final OpcUaSubscriptions opcua;
    private final ReadingIntake hj212Intake;
    private final Hj212Ingest hj212;
    private final Hj212Settings hj212Settings;
    private Hj212Server hj212Server;
    private final ReadingIntake sparkplugIntake;
    private final SparkplugHost sparkplug;
    private final List<SparkplugBridge> bridges = new ArrayList<>();
    private final List<SouthboundSettings.SparkplugBroker> brokers;
    private final MeterRegistry meters;
    private final SouthboundSettings running;
    private volatile List<String> restartPending = List.of();

    Southbound(GatewayConfig config, SensorIndex index, TelemetryIngest mqttIngest, RecordLog log, ReadingSink alarms,
               ReadingTap tap, DeviceStatusSink devices, DeviceFaults faults, MessagePublisher publisher, Clock clock,
               BytesAllocator alloc, MeterRegistry meters) {
        java.time.Duration skew = config.ingest().maxClockSkew();
        this.mqttIngest = mqttIngest;
        this.modbusIntake = new ReadingIntake("modbus", index, log, alarms, tap, devices, faults, skew, publisher, clock, alloc, meters);
        this.modbus = new ModbusPolling(modbusIntake, meters);
        this.opcuaIntake = new ReadingIntake("opcua", index, log, alarms, tap, devices, faults, skew, publisher, clock, alloc, meters);
        this.opcua = new OpcUaSubscriptions(opcuaIntake, meters,
                config.dataDir().toAbsolutePath().normalize().resolve(io.hazardgate.datadir.DataDirectory.OPCUA));
        mqttIngest.payloadProfiles(PayloadProfiles.of(config.sites()));
        this.hj212Intake = new ReadingIntake("hj212", index, log, alarms, tap, devices, faults, skew, publisher, clock, alloc, meters);
        this.hj212 = new Hj212Ingest(hj212Intake, new Hj212Metrics(meters));
        this.hj212Settings = config.hj212();
        this.sparkplugIntake = new ReadingIntake("sparkplug", index, log, alarms, tap, devices, faults, skew, publisher, clock, alloc, meters);
        // rebirth requests to nodes connected here go out through the gateway's own broker (NCMD, QoS 0)
        this.sparkplug = new SparkplugHost(sparkplugIntake, (topic, payload) -> publisher.publish(topic, payload, 0, false), meters);
        sparkplug.mappings(config.sites());
        this.brokers = config.southbound().sparkplug();
        this.meters = meters;
        this.running = config.southbound();
    }

    SparkplugHost sparkplug() { return sparkplug; }

    /** Starts polling and listening. */
    void start(List<Site> sites) throws InterruptedException {
        hj212.accounts(sites);
        if (hj212Settings.enabled()) {
            hj212Server = new Hj212Server(hj212Settings, hj212);
            hj212Server.start();
        }
        modbus.apply(sites);
        opcua.apply(sites);
        for (SouthboundSettings.SparkplugBroker b : brokers) {
            try {
                SparkplugBridge bridge = new SparkplugBridge(b, commands -> new SparkplugHost(sparkplugIntake, commands, meters));
                bridge.host().mappings(sites);
                bridges.add(bridge);
                bridge.start();
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                // an external broker down at start is reconnected to later; a wrong URL is a config error
                throw new IllegalStateException("Sparkplug broker " + b.url() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The HJ 212 listener's port, or -1 when it is off. */
    int hj212Port() { return hj212Server == null ? -1 : hj212Server.port(); }

    /** A new configuration generation: new mappings, devices and accounts apply from now on. */
    void reload(SensorIndex index, List<Site> sites) {
        mqttIngest.payloadProfiles(PayloadProfiles.of(sites));
        modbusIntake.setIndex(index);
        hj212Intake.setIndex(index);
        hj212.accounts(sites);
        sparkplugIntake.setIndex(index);
        sparkplug.mappings(sites);
        for (SparkplugBridge b : bridges) b.host().mappings(sites);
        modbus.apply(sites);
        opcuaIntake.setIndex(index);
        opcua.apply(sites);
    }

    /**
     * The gateway file's {@code southbound} block of a new configuration: its listener and broker
     * connections are not reopened while the gateway runs (devices on them would be cut off), so each
     * changed field is logged and shown on {@code /ready} until the next start. Everything per device
     * (protocol, address, security, login, mapping) applies live through {@link #reload}.
     */
    void settings(SouthboundSettings next) {
        List<String> changed = new ArrayList<>();
        Hj212Settings a = running.hj212();
        Hj212Settings b = next.hj212();
        if (a.enabled() != b.enabled()) changed.add("southbound.hj212.enabled");
        if (!a.listener().equals(b.listener())) changed.add("southbound.hj212.listener");
        if (a.maxDataLength() != b.maxDataLength()) changed.add("southbound.hj212.maxDataLength");
        if (!a.idleTimeout().equals(b.idleTimeout())) changed.add("southbound.hj212.idleTimeout");
        if (a.maxConnections() != b.maxConnections()) changed.add("southbound.hj212.maxConnections");
        if (!a.frameTimeout().equals(b.frameTimeout())) changed.add("southbound.hj212.frameTimeout");
        if (!running.sparkplug().equals(next.sparkplug())) changed.add("southbound.sparkplug");
        if (!changed.equals(restartPending) && !changed.isEmpty()) {
            org.slf4j.LoggerFactory.getLogger(Southbound.class).warn(
                    "changed in the gateway file, applied at the next start (the running listener and broker connections stay): {}",
                    String.join(", ", changed));
        }
        restartPending = List.copyOf(changed);
    }

    /** Fields of the gateway file's {@code southbound} block changed since start that wait for a restart. */
    List<String> restartPending() { return restartPending; }

    @Override
    public void close() {
        modbus.close();
        opcua.close();
        for (SparkplugBridge b : bridges) b.close();
        if (hj212Server != null) hj212Server.close();
    }
}
