package io.hazardgate.store.log;

import io.hazardgate.record.Bytes;
import java.util.function.Consumer;

/**
 * One record waiting for the next group commit, with what to run once it is durable or has failed; a
 * null record is a barrier ({@link DurableLog#afterDurable}).
 */
final class PendingAppend {
    final Bytes record;
    final Runnable onDurable;
    final Consumer<Exception> onFailed;
    /** Set when the record is refused on its own (too large, empty); it then fails in its turn. */
    Exception refusal;

    PendingAppend(Bytes record, Runnable onDurable, Consumer<Exception> onFailed) {
        this.record = record;
        this.onDurable = onDurable;
        this.onFailed = onFailed;
    }
}
