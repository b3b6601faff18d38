package io.hazardgate.config.site;

import io.hazardgate.config.device.Hj212Device;
import io.hazardgate.config.device.ModbusDevice;
import io.hazardgate.config.device.OpcUaDevice;
import io.hazardgate.config.device.PayloadProfile;
import io.hazardgate.config.device.SparkplugDevice;

/**
 * A data logger (DTU/RTU, gas controller, PLC) of a site. By default it publishes the gateway's JSON on
 * {@code plant/{site}/{id}/telemetry}; a {@code payload} profile makes the gateway read its own JSON
 * shape there instead, {@code modbus} makes the gateway poll it, {@code hj212} lets it send HJ 212
 * packets to the gateway's HJ 212 listener, {@code sparkplug} maps a Sparkplug B edge node's metrics,
 * {@code opcua} makes the gateway subscribe to nodes of its OPC UA server (docs/devices.md).
 *
 * @param payload the JSON profile of its MQTT telemetry, or null for the gateway's own JSON
 * @param modbus  its Modbus connection and register map, or null
 * @param hj212   its HJ 212 account, or null
 * @param sparkplug the Sparkplug B edge node (and device) it is, or null
 * @param opcua   its OPC UA server and monitored nodes, or null
 */
public record Device(String id, String name, PayloadProfile payload, ModbusDevice modbus, Hj212Device hj212,
                     SparkplugDevice sparkplug, OpcUaDevice opcua) {
    /** A logger that publishes the gateway's own JSON over MQTT. */
    public Device(String id, String name) {
        this(id, name, null, null, null, null, null);
    }

    public Names names() { return name.isEmpty() ? new Names(id, id) : Names.of(name); }
}
