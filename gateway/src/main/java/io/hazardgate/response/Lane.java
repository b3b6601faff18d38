package io.hazardgate.response;

import io.hazardgate.config.response.ChannelSettings;
import io.hazardgate.config.response.ResponseSettings;
import io.hazardgate.response.channel.Delivery;
import io.hazardgate.response.channel.Envelope;
import io.hazardgate.response.channel.Sender;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's sending thread. Notices wait per recipient; a recipient gets at most one message per
 * group window, carrying everything that waited for them (up to {@link #MAX_PER_MESSAGE} notices), so a
 * flood of alarms makes one message a minute, not hundreds. A message is recorded before its first
 * attempt and goes out again, unchanged, until the channel takes it or refuses it for good; the
 * recipient's next message waits for it, so each recipient gets their notices in order. A channel that is
 * down holds its recipients' messages and retries with growing waits (doubling up to the configured
 * maximum); nothing is dropped. Time is the injected clock's: tests move it instead of sleeping.
 */
final class Lane implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Lane.class);
    static final int MAX_PER_MESSAGE = 20;
    /** Longest real wait between looks at the clock: an injected clock moved by a test is seen this soon. */
    private static final long POLL_MS = 50;

    /** Tells the owner what happened, for metrics. */
    interface Events {
        void attempted(String channel, Delivery.Outcome outcome, Message message, Attempt attempt);
    }

    private static final class Recipient {
        final ArrayDeque<Notice> waiting = new ArrayDeque<>();
        Message inFlight;
        int attempts;
        long retryAt;
        long nextSendAt;
    }

    private final ChannelSettings channel;
    private final Sender sender;
    private final Ledger ledger;
    private final Clock clock;
    private final MessageText text;
    private final Events events;
    private final long groupMs;
    private final long retryInitialMs;
    private final long retryMaxMs;
    private final Map<String, Recipient> recipients = new LinkedHashMap<>();
    private final Object lock = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private long backlog;

    Lane(ChannelSettings channel, Sender sender, Ledger ledger, Clock clock, MessageText text, ResponseSettings s, Events events) {
        this.channel = channel;
        this.sender = sender;
        this.ledger = ledger;
        this.clock = clock;
        this.text = text;
        this.events = events;
        this.groupMs = s.groupWindow().toMillis();
        this.retryInitialMs = s.retryInitial().toMillis();
        this.retryMaxMs = s.retryMax().toMillis();
        this.thread = new Thread(this, "response-" + channel.name());
        thread.setDaemon(true);
    }

    void start() { thread.start(); }

    /** A notice to send; any thread. */
    void offer(Notice n) {
        synchronized (lock) {
            recipients.computeIfAbsent(n.recipient(), k -> new Recipient()).waiting.add(n);
            backlog++;
            lock.notifyAll();
        }
    }

    /** A message begun before a restart: it goes out again before anything newer for its recipient. */
    void resume(Message m, int attemptsSoFar) {
        synchronized (lock) {
            Recipient r = recipients.computeIfAbsent(m.recipient(), k -> new Recipient());
            r.inFlight = m;
            r.attempts = attemptsSoFar;
            backlog += m.notices().size();
        }
    }

    /** Notices waiting or in flight on this channel. */
    long backlog() {
        synchronized (lock) {
            return backlog;
        }
    }

    /** Looks at the clock now (after a test moved it). */
    void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    @Override
    public void run() {
        while (running) {
            Recipient next;
            String who;
            synchronized (lock) {
                long now = clock.millis();
                next = null;
                who = null;
                for (Map.Entry<String, Recipient> e : recipients.entrySet()) {
                    if (due(e.getValue(), now)) {
                        next = e.getValue();
                        who = e.getKey();
                        break;
                    }
                }
                if (next == null) {
                    try {
                        lock.wait(POLL_MS);
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    continue;
                }
                // round-robin: the recipient served goes to the back, so one slow recipient holds nobody else
                recipients.remove(who);
                recipients.put(who, next);
            }
            try {
                serve(next);
            } catch (IOException ex) {
                log.error("notification outbox write failed on channel {}; retrying in {} ms", channel.name(), retryInitialMs, ex);
                synchronized (lock) {
                    next.retryAt = clock.millis() + retryInitialMs;
                }
            } catch (RuntimeException ex) {
                log.error("sending on channel {} failed unexpectedly", channel.name(), ex);
                synchronized (lock) {
                    next.retryAt = clock.millis() + retryInitialMs;
                }
            }
        }
    }

    private boolean due(Recipient r, long now) {
        if (r.inFlight != null) return r.retryAt <= now;
        return !r.waiting.isEmpty() && r.nextSendAt <= now && r.retryAt <= now;
    }

    private void serve(Recipient r) throws IOException {
        Message m;
        synchronized (lock) {
            m = r.inFlight;
        }
        if (m == null) {
            List<Notice> take = new ArrayList<>();
            synchronized (lock) {
                while (!r.waiting.isEmpty() && take.size() < MAX_PER_MESSAGE) take.add(r.waiting.poll());
            }
            m = compose(take);
            try {
                ledger.message(m);
            } catch (IOException ex) {
                synchronized (lock) {
                    for (int i = take.size() - 1; i >= 0; i--) r.waiting.addFirst(take.get(i));
                }
                throw ex;
            }
            synchronized (lock) {
                r.inFlight = m;
                r.attempts = 0;
            }
        }
        Delivery d = sender.send(new Envelope(ledger.uid() + "-" + m.id(), m.recipient(), m.recipientName(), m.address(), m.subject(),
                m.text(), m.json()));
        long now = clock.millis();
        int n = r.attempts + 1;
        long retryAt = 0;
        if (d.outcome() == Delivery.Outcome.RETRY) {
            long wait = retryInitialMs;
            for (int i = 1; i < n && wait < retryMaxMs; i++) wait *= 2;
            retryAt = now + Math.min(wait, retryMaxMs);
        }
        if (d.outcome() != Delivery.Outcome.DELIVERED) {
            log.warn("message {} to {} on channel {}: attempt {} {}: {}", m.id(), m.recipient(), channel.name(), n,
                    d.outcome().wireName(), d.detail());
        }
        // recorded after the channel answered: a crash in between sends this message again, under the same id
        Attempt attempt = new Attempt(m.id(), n, now, d.outcome().wireName(), d.detail(), retryAt);
        ledger.attempt(attempt);
        events.attempted(channel.name(), d.outcome(), m, attempt);
        synchronized (lock) {
            r.attempts = n;
            if (d.outcome() == Delivery.Outcome.RETRY) {
                r.retryAt = retryAt;
            } else {
                r.inFlight = null;
                r.attempts = 0;
                r.retryAt = 0;
                r.nextSendAt = now + groupMs;
                backlog -= m.notices().size();
            }
        }
    }

    /** One message for the notices, in the channel's form. */
    private Message compose(List<Notice> ns) {
        Notice first = ns.get(0);
        String subject = ns.size() == 1 ? first.title() : text.digestSubject(ns);
        String body = ns.size() == 1 ? first.text() : text.digestText(ns, channel.type());
        List<Long> ids = new ArrayList<>();
        List<Map<String, Object>> facts = new ArrayList<>();
        for (Notice n : ns) {
            ids.add(n.id());
            facts.add(n.facts());
        }
        long id = ledger.nextMessageId();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("delivery", ledger.uid() + "-" + id);
        json.put("recipient", first.recipient());
        json.put("notices", facts);
        String jsonText;
        try {
            jsonText = Ledger.JSON.writeValueAsString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        return new Message(id, channel.name(), first.recipient(), first.recipientName(), first.address(), List.copyOf(ids),
                clock.millis(), subject, body, jsonText);
    }

    void close() {
        running = false;
        wake();
        try {
            thread.join(5_000);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        try {
            sender.close();
        } catch (Exception ex) {
            log.debug("closing channel {} failed", channel.name(), ex);
        }
    }
}
