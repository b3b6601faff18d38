package io.hazardgate.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.response.outbox.OutboxFile;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable record of alarm response: what was planned for which alarm event, each message and every
 * attempt, the acknowledgement links and their use, and shift hand-overs, kept in the outbox file and
 * indexed in memory. Everything is written (and forced) before it is acted on: a plan before its notices
 * are sent, a message before its first attempt, a link's use before the acknowledgement. So a crash
 * delays what was planned, never loses it, and a message is sent again only if the crash fell between
 * the channel accepting it and its attempt being recorded (then under the same id, for the receiver to
 * drop). Thread-safe.
 */
final class Ledger implements AutoCloseable {
    static final String FILE = "outbox.log";
    /** Past this size the file is rewritten (at start, then checked hourly), keeping what is open and the recent history. */
    static final long COMPACT_BYTES = 16L << 20;

    private static final byte META = 1;
    private static final byte PLAN = 2;
    private static final byte MESSAGE = 3;
    private static final byte ATTEMPT = 4;
    private static final byte TOKEN_USE = 5;
    private static final byte HANDOVER = 6;
    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Everything one alarm event (or colour change) gave, written as one record: all of it or none. */
    record Plan(String alarm, long seq, long ts, List<Notice> notices, List<Token> tokens) {}

    /**
     * An acknowledgement link: only the SHA-256 of its secret part is kept. {@code alarm} is an alarm id, or
     * a monitoring item's key ({@link Planner#RISK_PREFIX}) for the warning of a tailings item; {@code created}
     * tells which of an item's warnings it acknowledges (0 in outboxes written before it was kept).
     */
    record Token(String hash, String alarm, String site, String person, String personName, long expires, long created) {}

    /** A link's use, successful or not: the second use of a link finds this. */
    record TokenUse(String hash, long ts, String outcome) {}

    record Meta(String uid) {}

    private final OutboxFile file;
    private final long compactBytes;
    private String uid;
    private long nextNotice = 1;
    private long nextMessage = 1;
    private final Map<Long, Notice> notices = new LinkedHashMap<>();
    private final Map<Long, Long> noticeMessage = new HashMap<>();
    private final Map<Long, Message> messages = new LinkedHashMap<>();
    private final Map<Long, List<Attempt>> attempts = new HashMap<>();
    private final Set<Long> finished = new HashSet<>();
    private final Map<String, List<Long>> byAlarm = new HashMap<>();
    private final Map<String, Long> plannedSeq = new HashMap<>();
    private final Map<String, Long> plannedTs = new HashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, TokenUse> tokenUses = new HashMap<>();
    private final List<Handover> handovers = new ArrayList<>();
    /** Monitoring item key → creation time of the newest of its links used: its warnings raised up to then are acknowledged. */
    private final Map<String, Long> itemAcks = new HashMap<>();

    private Ledger(OutboxFile file, long compactBytes) {
        this.file = file;
        this.compactBytes = compactBytes;
    }

    /** Opens the outbox in {@code dir}, replaying it; rewrites it first if it grew past {@link #COMPACT_BYTES}. */
    static Ledger open(Path dir, long now, long historyMs) throws IOException {
        return open(dir, now, historyMs, COMPACT_BYTES);
    }

    static Ledger open(Path dir, long now, long historyMs, long compactBytes) throws IOException {
        List<OutboxFile.Entry> entries = new ArrayList<>();
        OutboxFile f = OutboxFile.open(dir, FILE, entries);
        Ledger l = new Ledger(f, compactBytes);
        for (OutboxFile.Entry e : entries) l.apply(e);
        if (l.uid == null) {
            byte[] r = new byte[6];
            new SecureRandom().nextBytes(r);
            l.uid = java.util.HexFormat.of().formatHex(r);
            f.append(List.of(l.entry(META, new Meta(l.uid))));
        }
        l.compactIfLarge(now, historyMs);
        return l;
    }

    /** Bytes of a torn or corrupt tail cut off at open. */
    long truncatedBytes() { return file.truncatedBytes(); }

    /** This outbox's id, part of every message id so ids from two gateways never collide. */
    synchronized String uid() { return uid; }

    synchronized long nextNoticeId() { return nextNotice++; }

    synchronized long nextMessageId() { return nextMessage++; }

    // ---- writes: durable first, then applied

    synchronized void plan(Plan p) throws IOException { write(PLAN, p); }

    synchronized void message(Message m) throws IOException { write(MESSAGE, m); }

    synchronized void attempt(Attempt a) throws IOException { write(ATTEMPT, a); }

    synchronized void handover(Handover h) throws IOException { write(HANDOVER, h); }

    /**
     * Uses a link once: returns its token if it exists, is unused and unexpired, having recorded the use;
     * otherwise null, with {@code why[0]} set to {@code unknown}, {@code used} or {@code expired}.
     */
    synchronized Token useToken(String hash, long now, String[] why) throws IOException {
        Token t = tokens.get(hash);
        if (t == null) {
            why[0] = "unknown";
            return null;
        }
        if (tokenUses.containsKey(hash)) {
            why[0] = "used";
            return null;
        }
        if (now >= t.expires()) {
            why[0] = "expired";
            return null;
        }
        write(TOKEN_USE, new TokenUse(hash, now, "used"));
        return t;
    }

    synchronized Token token(String hash) { return tokens.get(hash); }

    synchronized TokenUse tokenUse(String hash) { return tokenUses.get(hash); }

    private void write(byte type, Object record) throws IOException {
        OutboxFile.Entry e = entry(type, record);
        file.append(List.of(e));
        apply(e);
    }

    private OutboxFile.Entry entry(byte type, Object record) {
        try {
            return new OutboxFile.Entry(type, JSON.writeValueAsBytes(record));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot encode outbox record " + record.getClass().getSimpleName(), ex);
        }
    }

    private void apply(OutboxFile.Entry e) {
        try {
            switch (e.type()) {
                case META -> uid = JSON.readValue(e.payload(), Meta.class).uid();
                case PLAN -> {
                    Plan p = JSON.readValue(e.payload(), Plan.class);
                    plannedSeq.merge(p.alarm(), p.seq(), Math::max);
                    plannedTs.put(p.alarm(), p.ts());
                    for (Notice n : p.notices()) {
                        notices.put(n.id(), n);
                        byAlarm.computeIfAbsent(n.alarm(), k -> new ArrayList<>()).add(n.id());
                        nextNotice = Math.max(nextNotice, n.id() + 1);
                    }
                    for (Token t : p.tokens()) tokens.put(t.hash(), t);
                }
                case MESSAGE -> {
                    Message m = JSON.readValue(e.payload(), Message.class);
                    messages.put(m.id(), m);
                    for (long n : m.notices()) noticeMessage.put(n, m.id());
                    nextMessage = Math.max(nextMessage, m.id() + 1);
                }
                case ATTEMPT -> {
                    Attempt a = JSON.readValue(e.payload(), Attempt.class);
                    attempts.computeIfAbsent(a.message(), k -> new ArrayList<>()).add(a);
                    if (!a.outcome().equals("retry")) finished.add(a.message());
                }
                case TOKEN_USE -> {
                    TokenUse u = JSON.readValue(e.payload(), TokenUse.class);
                    tokenUses.put(u.hash(), u);
                    Token t = tokens.get(u.hash());
                    if (t != null && t.alarm().startsWith(ItemWarnings.RISK_PREFIX)) itemAcks.merge(t.alarm(), t.created(), Math::max);
                }
                case HANDOVER -> handovers.add(JSON.readValue(e.payload(), Handover.class));
                default -> { } // a record type from a newer version: kept on disk until compaction, ignored here
            }
        } catch (IOException ex) {
            throw new IllegalStateException("outbox record of type " + e.type() + " cannot be read: " + ex.getMessage(), ex);
        }
    }

    // ---- reads

    /** The highest alarm event sequence planned for {@code alarm}; 0 when none. */
    synchronized long plannedSeq(String alarm) { return plannedSeq.getOrDefault(alarm, 0L); }

    /** Messages begun and not finished, in order: they go out again first, as they were. */
    synchronized List<Message> unfinishedMessages() {
        List<Message> out = new ArrayList<>();
        for (Message m : messages.values()) if (!finished.contains(m.id())) out.add(m);
        return out;
    }

    /** Notices not yet in any message and not skipped, in order. */
    synchronized List<Notice> waitingNotices() {
        List<Notice> out = new ArrayList<>();
        for (Notice n : notices.values()) if (!n.isSkipped() && !noticeMessage.containsKey(n.id())) out.add(n);
        return out;
    }

    synchronized Notice notice(long id) { return notices.get(id); }

    /** The notices planned for an alarm or a monitoring item, oldest first. */
    synchronized List<Notice> noticesOf(String alarm) {
        List<Notice> out = new ArrayList<>();
        for (long id : byAlarm.getOrDefault(alarm, List.of())) out.add(notices.get(id));
        return out;
    }

    /**
     * Whether the warning of monitoring item {@code key} raised at {@code raisedTs} was acknowledged: a link
     * made for it (or for a later step of its ladder) was used.
     */
    synchronized boolean itemAcknowledged(String key, long raisedTs) { return itemAcks.getOrDefault(key, -1L) >= raisedTs; }

    synchronized int attemptsOf(long message) { return attempts.getOrDefault(message, List.of()).size(); }

    /** The delivery record of one alarm: each notice with its message and every attempt, oldest first. */
    synchronized List<DeliveryRecord> deliveries(String alarm) {
        List<DeliveryRecord> out = new ArrayList<>();
        for (long id : byAlarm.getOrDefault(alarm, List.of())) out.add(record(notices.get(id)));
        return out;
    }

    /** The newest delivery records of every alarm planned in [from, to], newest first, at most {@code limit}. */
    synchronized List<DeliveryRecord> deliveries(long from, long to, String site, int limit) {
        List<DeliveryRecord> out = new ArrayList<>();
        List<Notice> all = new ArrayList<>(notices.values());
        for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
            Notice n = all.get(i);
            if (n.createdTs() < from || n.createdTs() > to) continue;
            if (site != null && !site.equals(n.site())) continue;
            out.add(record(n));
        }
        return out;
    }

    private DeliveryRecord record(Notice n) {
        Long mid = noticeMessage.get(n.id());
        Message m = mid == null ? null : messages.get(mid);
        List<Attempt> as = mid == null ? List.of() : List.copyOf(attempts.getOrDefault(mid, List.of()));
        return DeliveryRecord.of(n, m, as);
    }

    synchronized List<Handover> handovers(String site, int limit) {
        List<Handover> out = new ArrayList<>();
        for (int i = handovers.size() - 1; i >= 0 && out.size() < limit; i--) {
            if (site == null || handovers.get(i).site().equals(site)) out.add(handovers.get(i));
        }
        return out;
    }

    /**
     * Rewrites the file, once past its size limit ({@link #COMPACT_BYTES}), as what is still open plus the history of the
     * last {@code historyMs}, and forgets the rest in memory too, so a gateway that runs for years keeps
     * a bounded outbox. Returns whether it did.
     */
    synchronized boolean compactIfLarge(long now, long historyMs) throws IOException {
        if (file.size() <= compactBytes) return false;
        List<OutboxFile.Entry> kept = compacted(now, historyMs);
        file.rewrite(kept);
        notices.clear();
        noticeMessage.clear();
        messages.clear();
        attempts.clear();
        finished.clear();
        byAlarm.clear();
        plannedSeq.clear();
        plannedTs.clear();
        tokens.clear();
        tokenUses.clear();
        itemAcks.clear();
        handovers.clear();
        long nn = nextNotice;
        long nm = nextMessage;
        for (OutboxFile.Entry e : kept) apply(e);
        nextNotice = Math.max(nn, nextNotice); // ids never go back, even for notices forgotten
        nextMessage = Math.max(nm, nextMessage);
        return true;
    }

    private List<OutboxFile.Entry> compacted(long now, long historyMs) {
        long since = now - historyMs;
        List<OutboxFile.Entry> out = new ArrayList<>();
        out.add(entry(META, new Meta(uid)));
        Set<Long> keptMessages = new HashSet<>();
        Map<String, List<Notice>> keptByAlarm = new LinkedHashMap<>();
        for (Notice n : notices.values()) {
            Long mid = noticeMessage.get(n.id());
            boolean open = !n.isSkipped() && (mid == null || !finished.contains(mid));
            if (open || n.createdTs() >= since) {
                keptByAlarm.computeIfAbsent(n.alarm(), k -> new ArrayList<>()).add(n);
                if (mid != null) keptMessages.add(mid);
            }
        }
        Map<String, List<Token>> keptTokens = new HashMap<>();
        for (Token t : tokens.values()) if (t.expires() > now) keptTokens.computeIfAbsent(t.alarm(), k -> new ArrayList<>()).add(t);
        Set<String> alarms = new java.util.LinkedHashSet<>(plannedSeq.keySet());
        for (String a : alarms) {
            boolean recent = plannedTs.getOrDefault(a, 0L) >= since - 23L * 86_400_000L; // plans are remembered 30 days beyond the history
            List<Notice> ns = keptByAlarm.getOrDefault(a, List.of());
            List<Token> ts = keptTokens.getOrDefault(a, List.of());
            if (recent || !ns.isEmpty() || !ts.isEmpty()) {
                out.add(entry(PLAN, new Plan(a, plannedSeq.get(a), plannedTs.getOrDefault(a, 0L), ns, ts)));
            }
        }
        for (Message m : messages.values()) {
            if (!keptMessages.contains(m.id())) continue;
            out.add(entry(MESSAGE, m));
            for (Attempt a : attempts.getOrDefault(m.id(), List.of())) out.add(entry(ATTEMPT, a));
        }
        for (TokenUse u : tokenUses.values()) {
            Token t = tokens.get(u.hash());
            if (t != null && t.expires() > now) out.add(entry(TOKEN_USE, u));
        }
        for (Handover h : handovers) if (h.ts() >= since) out.add(entry(HANDOVER, h));
        return out;
    }

    Collection<Notice> allNotices() { return notices.values(); }

    @Override
    public void close() throws IOException { file.close(); }
}
