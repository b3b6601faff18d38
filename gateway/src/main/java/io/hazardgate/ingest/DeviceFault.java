package io.hazardgate.ingest;

import io.hazardgate.wire.JsonWriter;

/**
 * A fault of a data logger itself, apart from its points' alarms (GB 39496 asks the system to diagnose
 * logger faults; the control room shows equipment faults apart from hazard alarms).
 *
 * @param fault  {@link #CLOCK_SKEW}
 * @param detail what the gateway saw, as told to the logger on its errors topic
 * @param since  gateway time the fault was first seen, epoch ms
 * @param last   gateway time it was last seen
 * @param count  messages refused for it since it was raised
 */
public record DeviceFault(String site, String device, String fault, String detail, long since, long last, long count) {
    /** The logger stamps readings further ahead of the gateway's clock than {@code ingest.maxClockSkew}. */
    public static final String CLOCK_SKEW = "clock_skew";

    /** {@code device-fault/{site}/{device}/{fault}}: retained while the fault lasts, emptied when it ends. */
    public String topic() { return topic(site, device, fault); }

    static String topic(String site, String device, String fault) { return "device-fault/" + site + "/" + device + "/" + fault; }

    /** The JSON on MQTT and in the API. */
    public String json() {
        return JsonWriter.string(g -> {
            g.writeStartObject();
            g.writeStringField("site", site);
            g.writeStringField("device", device);
            g.writeStringField("fault", fault);
            g.writeStringField("state", "raised");
            g.writeStringField("detail", detail);
            g.writeNumberField("since", since);
            g.writeNumberField("last", last);
            g.writeNumberField("count", count);
            g.writeEndObject();
        });
    }
}
