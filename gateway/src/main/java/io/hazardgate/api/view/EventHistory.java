package io.hazardgate.api.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The most recent stream events, numbered, so a client can resume after a reconnect. Bounded: a client
 * that asks for more than is kept is told to reload ({@link #since} returns null).
 */
final class EventHistory {
    static final int CAPACITY = 10_000;

    private final ArrayDeque<StreamEvent> events = new ArrayDeque<>();
    private final List<Consumer<StreamEvent>> subscribers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long nextId = 1;

    /**
     * Numbers and keeps an event, then hands it to every subscriber that subscribed before it was
     * numbered: numbering and taking the subscribers happen under one lock with {@link #subscribe}, so
     * each subscriber gets exactly the events after the id its subscription returned.
     */
    void add(String type, String json) {
        StreamEvent e;
        Object[] to;
        synchronized (this) {
            e = new StreamEvent(nextId++, type, json);
            events.addLast(e);
            if (events.size() > CAPACITY) events.removeFirst();
            to = subscribers.toArray();
        }
        for (Object s : to) {
            @SuppressWarnings("unchecked") Consumer<StreamEvent> c = (Consumer<StreamEvent>) s;
            c.accept(e);
        }
    }

    /** Subscribes; returns the id of the last event before the subscription: every later one is handed to {@code s}. */
    synchronized long subscribe(Consumer<StreamEvent> s) {
        subscribers.add(s);
        return nextId - 1;
    }

    void unsubscribe(Consumer<StreamEvent> s) { subscribers.remove(s); }

    /** Events after {@code lastId}; null when some of them are no longer kept. */
    synchronized List<StreamEvent> since(long lastId) {
        if (lastId >= nextId - 1) return List.of();
        StreamEvent first = events.peekFirst();
        if (first == null || first.id() > lastId + 1) return null;
        List<StreamEvent> out = new ArrayList<>();
        for (StreamEvent e : events) {
            if (e.id() > lastId) out.add(e);
        }
        return out;
    }

    synchronized long lastId() { return nextId - 1; }
}
