package io.hazardgate.ingest;

import io.hazardgate.record.Bytes;

/**
 * Reads a device's own JSON shape (a payload profile) into a record, instead of the gateway's JSON.
 * Implementations live with the southbound protocols; ingest only calls them.
 */
public interface PayloadDecoder {
    /**
     * Adds the payload's readings to {@code out} (already begun for the device).
     *
     * @return null when the payload was read, else what was wrong with it
     */
    String decode(Bytes payload, ReadingBuilder out);

    /** Which devices publish in a profile of their own. */
    interface Lookup {
        /** The decoder of {@code device} of {@code site}, or null: it publishes the gateway's JSON. */
        PayloadDecoder forDevice(String site, String device);

        Lookup NONE = (site, device) -> null;
    }
}
