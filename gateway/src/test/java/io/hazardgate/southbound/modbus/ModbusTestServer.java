package io.hazardgate.southbound.modbus;

import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.UnknownUnitIdException;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadCoilsResponse;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsRequest;
import com.digitalpetri.modbus.pdu.ReadDiscreteInputsResponse;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadInputRegistersResponse;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import com.digitalpetri.modbus.server.ModbusRequestContext;
import com.digitalpetri.modbus.server.ModbusRtuServer;
import com.digitalpetri.modbus.server.ModbusServer;
import com.digitalpetri.modbus.server.ModbusServices;
import com.digitalpetri.modbus.server.ModbusTcpServer;
import com.digitalpetri.modbus.server.ProcessImage;
import com.digitalpetri.modbus.server.ReadWriteModbusServices;
import com.digitalpetri.modbus.tcp.server.NettyRtuServerTransport;
import com.digitalpetri.modbus.tcp.server.NettyServerTransportConfig;
import com.digitalpetri.modbus.tcp.server.NettyTcpServerTransport;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A real Modbus server from the library (TCP or RTU framed over TCP) on loopback, port 0, with a
 * process image the test writes; it can answer with an exception code or fall silent on request.
 */
public final class ModbusTestServer implements AutoCloseable {
    public final ProcessImage image = new ProcessImage();
    private final ModbusServer server;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    /** When set, reading holding registers answers this exception code. */
    public volatile int exceptionCode;
    /** When set, reading holding registers never answers. */
    public volatile boolean silent;
    public final int unitId;

    private ModbusTestServer(boolean rtu, int unitId) throws Exception {
        this.unitId = unitId;
        Consumer<NettyServerTransportConfig.Builder> cfg = c -> {
            c.setBindAddress("127.0.0.1");
            c.setPort(0);
            // the library has no way to read back port 0: the server channel tells us when it is bound
            c.setBootstrapCustomizer(b -> b.handler(new ChannelInboundHandlerAdapter() {
                @Override public void channelActive(ChannelHandlerContext ctx) throws Exception {
                    port.complete(((InetSocketAddress) ctx.channel().localAddress()).getPort());
                    super.channelActive(ctx);
                }
            }));
        };
        ReadWriteModbusServices image = new ReadWriteModbusServices() {
            @Override protected Optional<ProcessImage> getProcessImage(int unit) {
                return unit == unitId ? Optional.of(ModbusTestServer.this.image) : Optional.empty();
            }
        };
        ModbusServices services = new ModbusServices() {
            @Override public ReadHoldingRegistersResponse readHoldingRegisters(ModbusRequestContext ctx, int unit,
                    ReadHoldingRegistersRequest req) throws ModbusResponseException, UnknownUnitIdException {
                if (exceptionCode != 0) throw new ModbusResponseException(req.getFunctionCode(), exceptionCode);
                if (silent) {
                    try {
                        Thread.sleep(2_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return image.readHoldingRegisters(ctx, unit, req);
            }

            @Override public ReadInputRegistersResponse readInputRegisters(ModbusRequestContext ctx, int unit,
                    ReadInputRegistersRequest req) throws UnknownUnitIdException {
                return image.readInputRegisters(ctx, unit, req);
            }

            @Override public ReadCoilsResponse readCoils(ModbusRequestContext ctx, int unit, ReadCoilsRequest req)
                    throws UnknownUnitIdException {
                return image.readCoils(ctx, unit, req);
            }

            @Override public ReadDiscreteInputsResponse readDiscreteInputs(ModbusRequestContext ctx, int unit,
                    ReadDiscreteInputsRequest req) throws UnknownUnitIdException {
                return image.readDiscreteInputs(ctx, unit, req);
            }
        };
        server = rtu ? ModbusRtuServer.create(NettyRtuServerTransport.create(cfg), services)
                : ModbusTcpServer.create(NettyTcpServerTransport.create(cfg), services);
        server.start();
    }

    public static ModbusTestServer tcp(int unitId) throws Exception { return new ModbusTestServer(false, unitId); }

    public static ModbusTestServer rtuOverTcp(int unitId) throws Exception { return new ModbusTestServer(true, unitId); }

    public int port() throws Exception { return port.get(10, TimeUnit.SECONDS); }

    public void holding(int address, int value) {
        image.with(tx -> tx.writeHoldingRegisters(m -> m.put(address, new byte[] {(byte) (value >> 8), (byte) value})));
    }

    public void input(int address, int value) {
        image.with(tx -> tx.writeInputRegisters(m -> m.put(address, new byte[] {(byte) (value >> 8), (byte) value})));
    }

    /** A float32 in word-swapped order (CDAB), as many gas controllers lay it out. */
    public void holdingFloatCdab(int address, float value) {
        byte[] b = ByteBuffer.allocate(4).putFloat(value).array();
        image.with(tx -> tx.writeHoldingRegisters(m -> {
            m.put(address, new byte[] {b[2], b[3]});
            m.put(address + 1, new byte[] {b[0], b[1]});
        }));
    }

    public void coil(int address, boolean on) {
        image.with(tx -> tx.writeCoils(m -> m.put(address, on)));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
