package io.hazardgate.simulator.scenario;

import io.hazardgate.simulator.cli.Durations;
import java.time.Duration;

/**
 * A data logger's link down for a while. The logger keeps sampling; with {@code upload} it keeps what
 * it sampled and sends it, in order and under the original timestamps, with its first message after
 * the link is back (store-and-forward, 断电续传); without, those readings are lost.
 */
public record OfflineIncident(String id, String field, String site, String device, long atMillis, long lengthMillis, boolean upload)
        implements Incident {
    @Override
    public long endMillis() {
        return atMillis + lengthMillis;
    }

    @Override
    public String describe() {
        return device + " offline for " + Durations.readable(Duration.ofMillis(lengthMillis))
                + (upload ? ", then uploads what it buffered" : ", readings lost");
    }
}
