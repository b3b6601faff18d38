package io.hazardgate.store.writer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, so that writers do not hammer a store that is coming back together. */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
    }

    /** Delay before retry number {@code attempt} (0 for the first retry): between half and all of the step. */
    long delayMillis(int attempt) {
        long step = attempt >= 30 ? maxMillis : Math.min(maxMillis, initialMillis << attempt);
        long half = step / 2;
        return half + ThreadLocalRandom.current().nextLong(step - half + 1);
    }
}
