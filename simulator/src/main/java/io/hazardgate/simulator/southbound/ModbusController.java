package io.hazardgate.simulator.southbound;

import com.digitalpetri.modbus.server.ModbusRtuServer;
import com.digitalpetri.modbus.server.ModbusServer;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadWriteModbusServices;
import com.digitalpetri.modbus.tcp.server.NettyRtuServerTransport;
import com.digitalpetri.modbus.tcp.server.NettyServerTransportConfig;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import io.hazardgate.config.device.ModbusDevice;
import io.hazardgate.config.device.RegisterPoint;
import io.hazardgate.simulator.telemetry.Reading;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A gas-detection controller (or PLC) played as the Modbus server the gateway polls: bound where the
 * site file says the device is, its registers written from each sampled message through the device's
 * own register map, so the gateway reads back what was sampled. A reading that is a fault sets the
 * point's fault bit.
 */
final class ModbusController implements AutoCloseable {
    private final ModbusDevice device;
    private final ProcessImage image = new ProcessImage();
    private final Map<String, RegisterPoint> byTag = new HashMap<>();
    private final ModbusServer server;
    private final java.util.concurrent.CompletableFuture<Integer> boundPort = new java.util.concurrent.CompletableFuture<>();

    ModbusController(ModbusDevice device) throws Exception {
        this.device = device;
        for (RegisterPoint p : device.points()) byTag.put(p.tag(), p);
        Consumer<NettyServerTransportConfig.Builder> cfg = c -> {
            c.setBindAddress(device.host());
            c.setPort(device.port());
            // the library cannot tell the port it bound (port 0 in tests): the server channel does
            c.setBootstrapCustomizer(b -> b.handler(new io.netty.channel.ChannelInboundHandlerAdapter() {
                @Override public void channelActive(io.netty.channel.ChannelHandlerContext ctx) throws Exception {
                    boundPort.complete(((java.net.InetSocketAddress) ctx.channel().localAddress()).getPort());
                    super.channelActive(ctx);
                }
            }));
        };
        ReadWriteModbusServices services = new ReadWriteModbusServices() {
            @Override protected Optional<ProcessImage> getProcessImage(int unit) {
                return unit == device.unitId() ? Optional.of(image) : Optional.empty();
            }
        };
        server = device.framing() == ModbusDevice.Framing.TCP
                ? ModbusTcpServer.create(NettyTcpServerTransport.create(cfg), services)
                : ModbusRtuServer.create(NettyRtuServerTransport.create(cfg), services);
        server.start();
    }

    /** Writes a message's readings into the registers the gateway reads. */
    void write(TelemetryBatch batch) {
        image.with(tx -> {
            for (Reading r : batch.readings()) {
                RegisterPoint p = byTag.get(r.tag());
                if (p == null) continue;
                boolean fault = !Double.isFinite(r.value()) || r.quality() == io.hazardgate.simulator.telemetry.Quality.BAD;
                if (p.fault() != null) setFault(tx, p.fault(), fault);
                if (!Double.isFinite(r.value())) continue;
                double raw = (r.value() - p.offset()) / p.scale();
                if (p.table().isBits()) {
                    boolean on = raw >= 0.5;
                    if (p.table() == RegisterPoint.Table.COIL) tx.writeCoils(m -> m.put(p.address(), on));
                    else tx.writeDiscreteInputs(m -> m.put(p.address(), on));
                    continue;
                }
                byte[] b = RegisterEncoding.encode(raw, p.type(), p.order());
                Consumer<Map<Integer, byte[]>> put = m -> {
                    for (int i = 0; i < b.length / 2; i++) m.put(p.address() + i, new byte[] {b[2 * i], b[2 * i + 1]});
                };
                if (p.table() == RegisterPoint.Table.HOLDING) tx.writeHoldingRegisters(put);
                else tx.writeInputRegisters(put);
            }
        });
    }

    private static void setFault(ProcessImage.Transaction tx, RegisterPoint.FaultBit f, boolean fault) {
        boolean set = fault == f.activeHigh();
        switch (f.table()) {
            case COIL -> tx.writeCoils(m -> m.put(f.address(), set));
            case DISCRETE -> tx.writeDiscreteInputs(m -> m.put(f.address(), set));
            default -> {
                Consumer<Map<Integer, byte[]>> put = m -> {
                    byte[] w = m.getOrDefault(f.address(), new byte[2]);
                    int v = ((w[0] & 0xff) << 8) | (w[1] & 0xff);
                    v = set ? v | (1 << f.bit()) : v & ~(1 << f.bit());
                    m.put(f.address(), new byte[] {(byte) (v >> 8), (byte) v});
                };
                if (f.table() == RegisterPoint.Table.HOLDING) tx.writeHoldingRegisters(put);
                else tx.writeInputRegisters(put);
            }
        }
    }

    /** The port it listens on (the configured one, or the one bound for port 0). */
    int port() throws Exception { return boundPort.get(10, java.util.concurrent.TimeUnit.SECONDS); }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
