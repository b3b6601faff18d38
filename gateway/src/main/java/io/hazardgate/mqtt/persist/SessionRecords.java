package io.hazardgate.mqtt.persist;

import io.hazardgate.mqtt.broker.PublishedMessage;
import io.hazardgate.mqtt.broker.SessionImage;
import io.hazardgate.mqtt.broker.Subscription;
import io.netty.handler.codec.mqtt.MqttProperties;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of the session store, format {@value #FORMAT_VERSION}. Each starts with its kind byte
 * (from 0x10, apart from the ingest log's kinds 1 and 2); numbers are big-endian; a string is an int
 * byte count (-1 for none) and UTF-8; bytes are an int count and the bytes. Sessions are named by their
 * store id (sid), messages by theirs (mid): a message's body is written once and referred to by every
 * delivery of it.
 *
 * <pre>
 * 0x10 FORMAT            int version                        (first record of the log and of each snapshot)
 * 0x11 CHECKPOINT_BEGIN  long epoch                         (a snapshot follows)
 * 0x12 CHECKPOINT_END    long epoch
 * 0x20 MESSAGE           long mid, str topic, byte qos, bool retain, str publisher, long expiresAt (epoch ms,
 *                        Long.MAX_VALUE for none), properties, bytes payload
 * 0x21 RETAINED          long mid                           (the message is its topic's retained one)
 * 0x22 RETAINED_REMOVED  str topic
 * 0x30 SESSION           long sid, str clientId, str owner, long expiry s, bool online, will
 * 0x31 SESSION_SNAPSHOT  as SESSION, long offlineSince (epoch ms, -1 online), long nextSeq, int lastPacketId;
 *                        replaces all that was known of the session; its subscriptions, queue and QoS 2
 *                        ids follow
 * 0x32 DISCONNECTED      long sid, long at (epoch ms)
 * 0x33 ENDED             long sid
 * 0x40 SUBSCRIBED        long sid, str filter, str shareGroup, byte qos, byte flags (1 no local, 2 retain as
 *                        published), byte retainHandling, int subscriptionId
 * 0x41 UNSUBSCRIBED      long sid, str clientFilter
 * 0x50 ENQUEUED          long sid, long seq, long mid, byte qos, bool retain, int packetId, int n, n × int
 *                        subscriptionId, byte flags (1 sent, 2 PUBREC received), str shareGroup, str shareFilter
 * 0x51 SENT              long sid, long seq
 * 0x52 PUBREC_RECEIVED   long sid, long seq
 * 0x53 REMOVED           long sid, long seq
 * 0x60 QOS2_ARRIVED      long sid, int packetId
 * 0x61 QOS2_RELEASED     long sid, int packetId
 * will:       bool present, then str topic, bytes payload, byte qos, bool retain, properties, str publisher,
 *             long delay s, long message expiry s (-1 none)
 * properties: int n, n × (int id, byte type, value): 1 int, 2 str, 3 bytes, 4 str key + str value
 * </pre>
 *
 * A new layout gets a new kind; a change old releases must not read raises {@link #FORMAT_VERSION}.
 */
final class SessionRecords {
    static final int FORMAT_VERSION = 1;

    static final byte FORMAT = 0x10;
    static final byte CHECKPOINT_BEGIN = 0x11;
    static final byte CHECKPOINT_END = 0x12;
    static final byte MESSAGE = 0x20;
    static final byte RETAINED = 0x21;
    static final byte RETAINED_REMOVED = 0x22;
    static final byte SESSION = 0x30;
    static final byte SESSION_SNAPSHOT = 0x31;
    static final byte DISCONNECTED = 0x32;
    static final byte ENDED = 0x33;
    static final byte SUBSCRIBED = 0x40;
    static final byte UNSUBSCRIBED = 0x41;
    static final byte ENQUEUED = 0x50;
    static final byte SENT = 0x51;
    static final byte PUBREC_RECEIVED = 0x52;
    static final byte REMOVED = 0x53;
    static final byte QOS2_ARRIVED = 0x60;
    static final byte QOS2_RELEASED = 0x61;

    static final int FLAG_SENT = 1;
    static final int FLAG_PUBREC = 2;
    static final long NO_EXPIRY = Long.MAX_VALUE;

    private static final byte P_INT = 1;
    private static final byte P_STRING = 2;
    private static final byte P_BINARY = 3;
    private static final byte P_USER = 4;

    private SessionRecords() {}

    static byte[] format() { return out(FORMAT).i32(FORMAT_VERSION).bytes(); }

    static byte[] checkpoint(byte kind, long epoch) { return out(kind).i64(epoch).bytes(); }

    static byte[] message(long mid, PublishedMessage m, long expiresAtMillis) {
        return out(MESSAGE).i64(mid).str(m.topic()).i8(m.qos()).bool(m.retain()).str(m.publisherId())
                .i64(expiresAtMillis).properties(m.properties()).blob(m.payload()).bytes();
    }

    static byte[] retained(long mid) { return out(RETAINED).i64(mid).bytes(); }

    static byte[] retainedRemoved(String topic) { return out(RETAINED_REMOVED).str(topic).bytes(); }

    /** The session's fields as a SESSION record (values read by the caller under the session's lock). */
    static byte[] session(long sid, String clientId, String owner, long expiry, boolean online,
            io.hazardgate.mqtt.broker.Will will) {
        return sessionFields(out(SESSION), sid, clientId, owner, expiry, online, will).bytes();
    }

    static byte[] snapshot(SessionImage s, long offlineSinceMillis) {
        return sessionFields(out(SESSION_SNAPSHOT), s.persistId(), s.clientId(), s.owner(), s.expirySeconds(),
                s.online(), s.will()).i64(offlineSinceMillis).i64(s.nextSeq()).i32(s.lastPacketId()).bytes();
    }

    private static Out sessionFields(Out o, long sid, String clientId, String owner, long expiry, boolean online,
            io.hazardgate.mqtt.broker.Will will) {
        o.i64(sid).str(clientId).str(owner).i64(expiry).bool(online).bool(will != null);
        if (will != null) {
            PublishedMessage m = will.message();
            o.str(m.topic()).blob(m.payload()).i8(m.qos()).bool(m.retain()).properties(m.properties())
                    .str(m.publisherId()).i64(will.delaySeconds()).i64(will.expirySeconds());
        }
        return o;
    }

    static byte[] disconnected(long sid, long atMillis) { return out(DISCONNECTED).i64(sid).i64(atMillis).bytes(); }

    static byte[] ended(long sid) { return out(ENDED).i64(sid).bytes(); }

    static byte[] subscribed(long sid, Subscription s) {
        return subscribed(sid, s.filter(), s.shareGroup(), s.qos(), s.noLocal(), s.retainAsPublished(),
                s.retainHandling(), s.subscriptionId());
    }

    static byte[] subscribed(long sid, SessionImage.SubscriptionImage s) {
        return subscribed(sid, s.filter(), s.shareGroup(), s.qos(), s.noLocal(), s.retainAsPublished(),
                s.retainHandling(), s.subscriptionId());
    }

    private static byte[] subscribed(long sid, String filter, String shareGroup, int qos, boolean noLocal,
            boolean retainAsPublished, int retainHandling, int subscriptionId) {
        return out(SUBSCRIBED).i64(sid).str(filter).str(shareGroup).i8(qos)
                .i8((noLocal ? 1 : 0) | (retainAsPublished ? 2 : 0)).i8(retainHandling).i32(subscriptionId).bytes();
    }

    static byte[] unsubscribed(long sid, String clientFilter) {
        return out(UNSUBSCRIBED).i64(sid).str(clientFilter).bytes();
    }

    static byte[] enqueued(long sid, long seq, long mid, int qos, boolean retain, int packetId, int[] subscriptionIds,
            int flags, String shareGroup, String shareFilter) {
        Out o = out(ENQUEUED).i64(sid).i64(seq).i64(mid).i8(qos).bool(retain).i32(packetId).i32(subscriptionIds.length);
        for (int id : subscriptionIds) {
            o.i32(id);
        }
        return o.i8(flags).str(shareGroup).str(shareFilter).bytes();
    }

    static byte[] seqEvent(byte kind, long sid, long seq) { return out(kind).i64(sid).i64(seq).bytes(); }

    static byte[] packetEvent(byte kind, long sid, int packetId) { return out(kind).i64(sid).i32(packetId).bytes(); }

    static Out out(byte kind) { return new Out(kind); }

    /** A record being written. */
    static final class Out {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        private final DataOutputStream data = new DataOutputStream(buf);

        Out(byte kind) { i8(kind); }

        Out i8(int v) { return write(() -> data.writeByte(v)); }

        Out bool(boolean v) { return i8(v ? 1 : 0); }

        Out i32(int v) { return write(() -> data.writeInt(v)); }

        Out i64(long v) { return write(() -> data.writeLong(v)); }

        Out str(String s) {
            if (s == null) {
                return i32(-1);
            }
            return blob(s.getBytes(StandardCharsets.UTF_8));
        }

        Out blob(byte[] b) {
            i32(b.length);
            return write(() -> data.write(b));
        }

        Out properties(MqttProperties p) {
            List<MqttProperties.MqttProperty> all = new ArrayList<>();
            if (p != null) {
                all.addAll(p.listAll());
            }
            int n = 0;
            for (MqttProperties.MqttProperty prop : all) {
                n += prop instanceof MqttProperties.UserProperties u ? u.value().size() : 1;
            }
            i32(n);
            for (MqttProperties.MqttProperty prop : all) {
                if (prop instanceof MqttProperties.UserProperties u) {
                    for (MqttProperties.StringPair pair : u.value()) {
                        i32(prop.propertyId()).i8(P_USER).str(pair.key).str(pair.value);
                    }
                } else if (prop instanceof MqttProperties.UserProperty u) {
                    i32(prop.propertyId()).i8(P_USER).str(u.value().key).str(u.value().value);
                } else if (prop instanceof MqttProperties.IntegerProperty ip) {
                    i32(prop.propertyId()).i8(P_INT).i32(ip.value());
                } else if (prop instanceof MqttProperties.StringProperty sp) {
                    i32(prop.propertyId()).i8(P_STRING).str(sp.value());
                } else if (prop instanceof MqttProperties.BinaryProperty bp) {
                    i32(prop.propertyId()).i8(P_BINARY).blob(bp.value());
                } else {
                    throw new IllegalArgumentException("MQTT property of unknown type: " + prop);
                }
            }
            return this;
        }

        byte[] bytes() { return buf.toByteArray(); }

        private interface Write {
            void run() throws IOException;
        }

        private Out write(Write w) {
            try {
                w.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            return this;
        }
    }

    /** A record being read; every read checks the bounds, so a damaged record fails cleanly. */
    static final class In {
        private final ByteBuffer b;

        In(ByteBuffer b) { this.b = b; }

        byte kind() { return b.get(); }

        int i8() { return b.get() & 0xFF; }

        boolean bool() { return b.get() != 0; }

        int i32() { return b.getInt(); }

        long i64() { return b.getLong(); }

        String str() {
            int n = b.getInt();
            if (n == -1) {
                return null;
            }
            return new String(blobOf(n), StandardCharsets.UTF_8);
        }

        byte[] blob() { return blobOf(b.getInt()); }

        private byte[] blobOf(int n) {
            if (n < 0 || n > b.remaining()) {
                throw new IllegalArgumentException("length " + n + " past the record's end");
            }
            byte[] out = new byte[n];
            b.get(out);
            return out;
        }

        MqttProperties properties() {
            int n = b.getInt();
            if (n < 0 || n > b.remaining()) {
                throw new IllegalArgumentException("property count " + n + " past the record's end");
            }
            if (n == 0) {
                return MqttProperties.NO_PROPERTIES;
            }
            MqttProperties p = new MqttProperties();
            for (int i = 0; i < n; i++) {
                int id = b.getInt();
                byte type = b.get();
                switch (type) {
                    case P_INT -> p.add(new MqttProperties.IntegerProperty(id, b.getInt()));
                    case P_STRING -> p.add(new MqttProperties.StringProperty(id, str()));
                    case P_BINARY -> p.add(new MqttProperties.BinaryProperty(id, blob()));
                    case P_USER -> p.add(new MqttProperties.UserProperty(str(), str()));
                    default -> throw new IllegalArgumentException("unknown property type " + type);
                }
            }
            return p;
        }

        boolean atEnd() { return !b.hasRemaining(); }
    }
}
