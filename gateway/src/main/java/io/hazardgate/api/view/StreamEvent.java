package io.hazardgate.api.view;

/**
 * One message of the live stream: {@code id} grows by one per event for the whole process, so a client
 * that reconnects with Last-Event-ID gets exactly what it missed.
 *
 * @param type {@code alarm}, {@code risk} or {@code shelf} (an alarm shelved or taken back)
 * @param json the event's JSON, as on MQTT
 */
public record StreamEvent(long id, String type, String json) {
    /** The event in Server-Sent Events framing. */
    public String sse() { return "id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n"; }
}
