package io.hazardgate.southbound.hj212;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.southbound.SouthboundGateway;
import io.hazardgate.testing.Mqtt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tailings-dam logger speaking HJ 212-2017 over a real TCP socket to the gateway's listener: its
 * real-time and minute data raise alarms, a data flag marks a fault, the data answer (CN 9014) comes
 * back with the packet's QN once durable; wrong passwords, unknown MNs, wrong CRCs, oversized packets and
 * too many connections are refused and counted as the listener promises.
 */
class Hj212ListenerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SITE = """
            site: sb
            hazardSources: [{id: TD1, kind: tailings_dam}]
            devices:
              - id: dam-logger
                hj212: {mn: "010000A8900016F000169DC0", password: "123456", factors: {a01: WL-01, a02: PZ-01}}
            sensors:
              - {tag: WL-01, source: TD1, device: dam-logger, type: water_level, period: 10m, limits: {blue: 150, red: 156}}
              - {tag: PZ-01, source: TD1, device: dam-logger, type: phreatic_line, period: 10m, limits: {blue: 8, red: 4}}
            """;
    static final String HJ212 = "southbound: {hj212: {port: 0, maxConnections: 3}}\n";
    static final String MN = "010000A8900016F000169DC0";
    @TempDir Path dir;

    static String now() {
        return LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    }

    static String packet(String qn, String cn, String pw, String cp) {
        return "QN=" + qn + ";ST=32;CN=" + cn + ";PW=" + pw + ";MN=" + MN + ";Flag=5;CP=&&DataTime=" + now() + ";" + cp + "&&";
    }

    /** A raw TCP client that reads back HJ 212 packets. */
    static final class Logger implements AutoCloseable {
        final Socket socket;
        final InputStream in;

        Logger(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
        }

        void send(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        void send(String segment) throws IOException { send(Hj212Frames.frame(segment)); }

        /** The next packet's data segment. */
        String answer() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                b.write(c);
                if (c == '\n') break;
            }
            String s = b.toString(StandardCharsets.US_ASCII);
            assertTrue(s.startsWith("##") && s.endsWith("\r\n"), "a packet: " + s);
            return s.substring(6, s.length() - 6);
        }

        /** True when the gateway closed the connection (end of stream within the timeout). */
        boolean closedByGateway() throws IOException {
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException { socket.close(); }
    }

    @Test
    void realTimeAndMinuteDataRaiseAlarmsAndAreAnsweredOnceDurable() throws Exception {
        try (Gateway gw = SouthboundGateway.start(dir, SITE, HJ212);
             Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/sb/#", 1);
             Logger logger = new Logger(gw.hj212Port())) {
            logger.send(packet("20240501120000001", "2011", "123456", "a01-Rtd=157.2,a01-Flag=N;a02-Rtd=9.1,a02-Flag=N"));
            Hj212Packet answer = Hj212Packet.parse(logger.answer());
            assertEquals("9014", answer.cn());
            assertEquals("20240501120000001", answer.qn(), "the answer names the packet it answers");
            assertEquals(MN, answer.mn());
            JsonNode red = next(room, "WL-01", "threshold");
            assertEquals("red", red.get("colour").asText(), "157.2 m is above the red level of 156 m: " + red);

            // minute data: the average is the reading; a fault flag is a fault, never a level
            logger.send(packet("20240501120100002", "2051", "123456", "a02-Min=3,a02-Avg=3.5,a02-Max=4,a02-Flag=D"));
            assertEquals("20240501120100002", Hj212Packet.parse(logger.answer()).qn());
            JsonNode fault = next(room, "PZ-01", "fault");
            assertEquals("raised", fault.get("state").asText());
            assertEquals(2.0, SouthboundGateway.metric(gw, "hazardgate_southbound_hj212_packets_total{outcome=\"accepted\"}"));
            assertEquals(2.0, SouthboundGateway.metric(gw, "hazardgate_southbound_hj212_answers_total"));
        }
    }

    @Test
    void aWrongCrcIsDroppedAndCountedAndTheConnectionKept() throws Exception {
        try (Gateway gw = SouthboundGateway.start(dir, SITE, HJ212); Logger logger = new Logger(gw.hj212Port())) {
            byte[] bad = Hj212Frames.frame(packet("20240501120000001", "2011", "123456", "a01-Rtd=150"));
            bad[bad.length - 3] ^= 1;
            logger.send(bad);
            // the sentinel: the next, correct packet is answered on the same connection, and only it
            logger.send(packet("20240501120000002", "2011", "123456", "a01-Rtd=150"));
            assertEquals("20240501120000002", Hj212Packet.parse(logger.answer()).qn());
            assertEquals(1.0, SouthboundGateway.metric(gw, "hazardgate_southbound_hj212_packets_total{outcome=\"bad_crc\"}"));
            assertEquals(1.0, SouthboundGateway.metric(gw, "hazardgate_southbound_hj212_packets_total{outcome=\"accepted\"}"));
        }
    }

    @Test
    void aWrongPasswordOrUnknownMnClosesTheConnection() throws Exception {
        try (Gateway gw = SouthboundGateway.start(dir, SITE, HJ212)) {
            try (Logger intruder = new Logger(gw.hj212Port())) {
                intruder.send(packet("20240501120000001", "2011", "654321", "a01-Rtd=200"));
                assertTrue(intruder.closedByGateway(), "a wrong PW closes the connection");
            }
            try (Logger stranger = new Logger(gw.hj212Port())) {
                stranger.send(packet("1", "2011", "123456", "a01-Rtd=200").replace(MN, "FFFF"));
                assertTrue(stranger.closedByGateway(), "an unknown MN closes the connection");
            }
            assertEquals(2.0, SouthboundGateway.metric(gw, "hazardgate_southbound_hj212_packets_total{outcome=\"unauthorised\"}"));
            assertEquals(0.0, SouthboundGateway.metric(gw, "hazardgate_southbound_messages_total{outcome=\"accepted\",protocol=\"hj212\"}"),
                    "nothing from an unauthorised sender is taken");
        }
    }

    @Test
    void anOversizedPacketAndConnectionsBeyondTheLimitAreRefused() throws Exception {
        try (Gateway gw = SouthboundGateway.start(dir, SITE, HJ212)) {
            try (Logger big = new Logger(gw.hj212Port())) {
                big.send("##9000QN=".getBytes(StandardCharsets.US_ASCII));
                assertTrue(big.closedByGateway(), "a length over 1024 closes the connection at the header");
            }
            assertEquals(1.0, SouthboundGateway.metric(gw, "hazardgate_southbound_hj212_packets_total{outcome=\"oversized\"}"));

            Logger[] open = new Logger[3];
            for (int i = 0; i < 3; i++) {
                open[i] = new Logger(gw.hj212Port());
                open[i].send(packet("2024050112000000" + i, "2011", "123456", "a01-Rtd=150"));
                open[i].answer(); // each of the three is served
            }
            try (Logger fourth = new Logger(gw.hj212Port())) {
                assertTrue(fourth.closedByGateway(), "a fourth connection is refused (maxConnections 3)");
            }
            assertEquals(1.0, SouthboundGateway.metric(gw, "hazardgate_southbound_hj212_connections_total{outcome=\"refused\"}"));
            for (Logger l : open) l.close();
        }
    }

    static JsonNode next(Mqtt.Client room, String tag, String kind) throws Exception {
        while (true) {
            JsonNode e = JSON.readTree(room.next("alarm/sb/").payload());
            if (e.get("tag").asText().equals(tag) && e.get("kind").asText().equals(kind)) return e;
        }
    }
}
