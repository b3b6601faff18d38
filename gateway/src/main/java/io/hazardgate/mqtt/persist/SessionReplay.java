package io.hazardgate.mqtt.persist;

import io.hazardgate.mqtt.broker.PublishedMessage;
import io.hazardgate.mqtt.broker.SessionImage;
import io.hazardgate.mqtt.broker.Will;
import io.netty.handler.codec.mqtt.MqttProperties;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays the session store's records, oldest first, into the sessions and retained messages they
 * describe. A snapshot record replaces what was known of its session, so records a compaction left in
 * front of the snapshot change nothing; a record that refers to something no longer known (a delivery
 * of a message whose body a compaction already dropped, a change of an ended session) is skipped.
 */
final class SessionReplay {
    private static final Logger log = LoggerFactory.getLogger(SessionReplay.class);

    private final Map<Long, Replayed> sessions = new HashMap<>();
    private final Map<String, Long> sidByClient = new HashMap<>();
    private final Map<Long, Body> bodies = new HashMap<>();
    private final Map<String, Long> retained = new LinkedHashMap<>();
    private long maxSid;
    private long maxMid;
    private long records;
    private long unreadable;

    long maxSid() { return maxSid; }

    long maxMid() { return maxMid; }

    /** What a restart puts back, and what it left out. */
    record Result(List<SessionImage> sessions, List<PublishedMessage> retained, long maxSid, long maxMid,
            long records, long unreadable, int expiredSessions, int expiredMessages) {}

    private static final class Replayed {
        final long sid;
        String clientId;
        String owner;
        long expiry;
        boolean online;
        long offlineSince = -1;
        long nextSeq = 1;
        int lastPacketId;
        Will will;
        final Map<String, SessionImage.SubscriptionImage> subscriptions = new LinkedHashMap<>();
        final TreeMap<Long, Queued> queue = new TreeMap<>();
        final Set<Integer> qos2 = new HashSet<>();

        Replayed(long sid) { this.sid = sid; }
    }

    private static final class Queued {
        long seq;
        long mid;
        int qos;
        boolean retain;
        int packetId;
        int[] subscriptionIds;
        boolean sent;
        boolean pubRec;
        String shareGroup;
        String shareFilter;
    }

    private record Body(long mid, String topic, byte[] payload, int qos, boolean retain, String publisher,
            long expiresAt, MqttProperties properties) {}

    /**
     * Applies one record. A record whose checksum held but whose content cannot be read (a bug, or a kind
     * this release does not know) is reported and skipped.
     *
     * @throws IOException when the records are of a format newer than this release reads
     */
    void apply(ByteBuffer record) throws IOException {
        records++;
        SessionRecords.In in = new SessionRecords.In(record);
        byte kind = 0;
        try {
            kind = in.kind();
            switch (kind) {
                case SessionRecords.FORMAT -> {
                    int version = in.i32();
                    if (version > SessionRecords.FORMAT_VERSION) {
                        throw new IOException("the session store is of format " + version + ", newer than this release "
                                + "reads (" + SessionRecords.FORMAT_VERSION + ")");
                    }
                }
                case SessionRecords.CHECKPOINT_BEGIN, SessionRecords.CHECKPOINT_END -> in.i64();
                case SessionRecords.MESSAGE -> {
                    long mid = in.i64();
                    String topic = in.str();
                    int qos = in.i8();
                    boolean retain = in.bool();
                    String publisher = in.str();
                    long expiresAt = in.i64();
                    MqttProperties properties = in.properties();
                    bodies.put(mid, new Body(mid, topic, in.blob(), qos, retain, publisher, expiresAt, properties));
                    maxMid = Math.max(maxMid, mid);
                }
                case SessionRecords.RETAINED -> {
                    Body b = bodies.get(in.i64());
                    if (b != null) {
                        retained.put(b.topic(), b.mid());
                    }
                }
                case SessionRecords.RETAINED_REMOVED -> retained.remove(in.str());
                case SessionRecords.SESSION -> session(in, false);
                case SessionRecords.SESSION_SNAPSHOT -> session(in, true);
                case SessionRecords.DISCONNECTED -> {
                    Replayed s = sessions.get(in.i64());
                    long at = in.i64();
                    if (s != null) {
                        s.online = false;
                        s.offlineSince = at;
                    }
                }
                case SessionRecords.ENDED -> {
                    Replayed s = sessions.remove(in.i64());
                    if (s != null) {
                        sidByClient.remove(s.clientId, s.sid);
                    }
                }
                case SessionRecords.SUBSCRIBED -> {
                    Replayed s = sessions.get(in.i64());
                    String filter = in.str();
                    String group = in.str();
                    int qos = in.i8();
                    int flags = in.i8();
                    SessionImage.SubscriptionImage sub = new SessionImage.SubscriptionImage(filter, qos, (flags & 1) != 0,
                            (flags & 2) != 0, in.i8(), in.i32(), group);
                    if (s != null) {
                        s.subscriptions.put(group == null ? filter : "$share/" + group + "/" + filter, sub);
                    }
                }
                case SessionRecords.UNSUBSCRIBED -> {
                    Replayed s = sessions.get(in.i64());
                    String filter = in.str();
                    if (s != null) {
                        s.subscriptions.remove(filter);
                    }
                }
                case SessionRecords.ENQUEUED -> enqueued(in);
                case SessionRecords.SENT, SessionRecords.PUBREC_RECEIVED, SessionRecords.REMOVED -> {
                    Replayed s = sessions.get(in.i64());
                    long seq = in.i64();
                    Queued q = s == null ? null : s.queue.get(seq);
                    if (q == null) {
                        break;
                    }
                    if (kind == SessionRecords.REMOVED) {
                        s.queue.remove(seq);
                    } else {
                        q.sent = true;
                        q.pubRec |= kind == SessionRecords.PUBREC_RECEIVED;
                    }
                }
                case SessionRecords.QOS2_ARRIVED, SessionRecords.QOS2_RELEASED -> {
                    Replayed s = sessions.get(in.i64());
                    int packetId = in.i32();
                    if (s != null) {
                        if (kind == SessionRecords.QOS2_ARRIVED) {
                            s.qos2.add(packetId);
                        } else {
                            s.qos2.remove(packetId);
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown record kind 0x" + Integer.toHexString(kind & 0xFF));
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            unreadable++;
            log.error("Session store: record {} (kind 0x{}) cannot be read ({}): skipped; the records after it are used",
                    records, Integer.toHexString(kind & 0xFF), e.toString());
        }
    }

    private void session(SessionRecords.In in, boolean snapshot) {
        long sid = in.i64();
        String clientId = in.str();
        String owner = in.str();
        long expiry = in.i64();
        boolean online = in.bool();
        Will will = null;
        if (in.bool()) {
            String topic = in.str();
            byte[] payload = in.blob();
            int qos = in.i8();
            boolean retain = in.bool();
            MqttProperties props = in.properties();
            String publisher = in.str();
            long delay = in.i64();
            long messageExpiry = in.i64();
            will = new Will(new PublishedMessage(topic, payload, qos, retain, props, publisher), delay, messageExpiry);
        }
        long offlineSince = snapshot ? in.i64() : -1;
        long nextSeq = snapshot ? in.i64() : 1;
        int lastPacketId = snapshot ? in.i32() : 0;
        maxSid = Math.max(maxSid, sid);
        Replayed s = snapshot ? null : sessions.get(sid);
        if (s == null) {
            s = new Replayed(sid);
            sessions.put(sid, s);
            Long other = sidByClient.put(clientId, sid);
            if (other != null && other != sid) {
                sessions.remove(other); // the client id's older session ended with this one's start
            }
        }
        s.clientId = clientId;
        s.owner = owner;
        s.expiry = expiry;
        s.will = will;
        s.online = online;
        if (online) {
            s.offlineSince = -1;
        } else if (snapshot) {
            s.offlineSince = offlineSince;
        }
        if (snapshot) {
            s.nextSeq = nextSeq;
            s.lastPacketId = lastPacketId;
        }
    }

    private void enqueued(SessionRecords.In in) {
        Queued q = new Queued();
        long sid = in.i64();
        q.seq = in.i64();
        q.mid = in.i64();
        q.qos = in.i8();
        q.retain = in.bool();
        q.packetId = in.i32();
        int n = in.i32();
        if (n < 0 || n > 1 << 16) {
            throw new IllegalArgumentException("subscription identifier count " + n);
        }
        q.subscriptionIds = new int[n];
        for (int i = 0; i < n; i++) {
            q.subscriptionIds[i] = in.i32();
        }
        int flags = in.i8();
        q.sent = (flags & SessionRecords.FLAG_SENT) != 0;
        q.pubRec = (flags & SessionRecords.FLAG_PUBREC) != 0;
        q.shareGroup = in.str();
        q.shareFilter = in.str();
        Replayed s = sessions.get(sid);
        if (s == null) {
            return;
        }
        s.queue.put(q.seq, q);
        if (q.seq >= s.nextSeq) {
            s.nextSeq = q.seq + 1;
            s.lastPacketId = q.packetId;
        }
    }

    /**
     * The sessions and retained messages to put back at {@code wallMillis} (and {@code nanos} on the
     * broker's clock): sessions offline past their expiry (capped by {@code maxExpirySeconds}) and messages
     * past theirs are left out and counted.
     */
    Result result(long wallMillis, long nanos, long maxExpirySeconds) {
        Map<Long, PublishedMessage> messages = new HashMap<>();
        int[] expiredMessages = {0};
        List<PublishedMessage> keptRetained = new ArrayList<>();
        for (Map.Entry<String, Long> r : retained.entrySet()) {
            PublishedMessage m = message(r.getValue(), true, wallMillis, nanos, messages, expiredMessages);
            if (m != null) {
                keptRetained.add(m);
            }
        }
        List<SessionImage> images = new ArrayList<>();
        int expiredSessions = 0;
        for (Replayed s : sessions.values()) {
            long expiry = Math.min(s.expiry, maxExpirySeconds);
            long offlineNanos = s.online || s.offlineSince < 0 ? 0
                    : Math.max(0, wallMillis - s.offlineSince) * 1_000_000L;
            if (expiry <= 0 || offlineNanos >= expiry * 1_000_000_000L) {
                expiredSessions++;
                continue;
            }
            List<SessionImage.QueuedImage> queue = new ArrayList<>(s.queue.size());
            for (Queued q : s.queue.values()) {
                PublishedMessage m = message(q.mid, false, wallMillis, nanos, messages, expiredMessages);
                if (m == null) {
                    continue;
                }
                queue.add(new SessionImage.QueuedImage(q.seq, m, q.qos, q.retain, q.packetId, q.subscriptionIds,
                        q.sent, q.pubRec, q.shareGroup, q.shareFilter));
            }
            images.add(new SessionImage(s.sid, s.clientId, s.owner, expiry, offlineNanos, false, s.nextSeq,
                    s.lastPacketId, new ArrayList<>(s.subscriptions.values()), queue, new HashSet<>(s.qos2), s.will));
        }
        images.sort(java.util.Comparator.comparingLong(SessionImage::persistId));
        return new Result(images, keptRetained, maxSid, maxMid, records, unreadable, expiredSessions,
                expiredMessages[0]);
    }

    /** The message with this id, one instance however many queues hold it; null if unknown or expired. */
    private PublishedMessage message(long mid, boolean asRetained, long wallMillis, long nanos,
            Map<Long, PublishedMessage> made, int[] expired) {
        PublishedMessage m = made.get(mid);
        if (m != null || made.containsKey(mid)) {
            return m;
        }
        Body b = bodies.get(mid);
        if (b != null && b.expiresAt() != SessionRecords.NO_EXPIRY && b.expiresAt() <= wallMillis) {
            expired[0]++;
            b = null;
        }
        if (b != null) {
            long expiresAt = b.expiresAt() == SessionRecords.NO_EXPIRY ? PublishedMessage.NEVER
                    : nanos + (b.expiresAt() - wallMillis) * 1_000_000L;
            m = new PublishedMessage(b.topic(), b.payload(), b.qos(), b.retain(), b.properties(), b.publisher(), expiresAt);
            m.persistId(() -> mid);
        }
        made.put(mid, m);
        return m;
    }
}
