package io.hazardgate;

import io.hazardgate.config.GatewayConfig;
import io.hazardgate.config.site.Site;
import io.hazardgate.ingest.ReadingIntake;
import io.hazardgate.ingest.TelemetryIngest;
import io.hazardgate.mqtt.MessagePublisher;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.BytesAllocator;
import io.hazardgate.record.DeviceStatusSink;
import io.hazardgate.record.ReadingSink;
import io.hazardgate.record.ReadingTap;
import io.hazardgate.record.RecordLog;
import io.hazardgate.southbound.json.PayloadProfiles;
import io.hazardgate.southbound.modbus.ModbusPolling;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * The southbound protocols, wired into the same ingest as MQTT telemetry: payload profiles for MQTT
 * devices with their own JSON, Modbus polling. Started after the alarm engine (readings need it),
 * reloaded with the sites, closed before it.
 */
final class Southbound implements AutoCloseable {
    private final TelemetryIngest mqttIngest;
    private final ReadingIntake modbusIntake;
    private final ModbusPolling modbus;

    Southbound(GatewayConfig config, SensorIndex index, TelemetryIngest mqttIngest, RecordLog log, ReadingSink alarms,
               ReadingTap tap, DeviceStatusSink devices, MessagePublisher publisher, Clock clock, BytesAllocator alloc,
               MeterRegistry meters) {
        this.mqttIngest = mqttIngest;
        this.modbusIntake = new ReadingIntake("modbus", index, log, alarms, tap, devices, publisher, clock, alloc, meters);
        this.modbus = new ModbusPolling(modbusIntake, meters);
        mqttIngest.payloadProfiles(PayloadProfiles.of(config.sites()));
    }

    /** Starts polling and listening. */
    void start(List<Site> sites) {
        modbus.apply(sites);
    }

    /** A new configuration generation: new mappings, devices and accounts apply from now on. */
    void reload(SensorIndex index, List<Site> sites) {
        mqttIngest.payloadProfiles(PayloadProfiles.of(sites));
        modbusIntake.setIndex(index);
        modbus.apply(sites);
    }

    @Override
    public void close() {
        modbus.close();
    }
}
