package io.hazardgate.store.writer;

/**
 * A write the store did not accept. {@link #retryable()} says whether the same lines may succeed later
 * (store down, overloaded, misconfigured credentials being fixed) or never will (the store rejects
 * their content), in which case they are set aside rather than retried forever.
 */
final class StoreWriteException extends Exception {
    private final int status;
    private final boolean retryable;

    StoreWriteException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    /** HTTP status of the answer, 0 when there was none. */
    int status() { return status; }

    boolean retryable() { return retryable; }

    /** 400 and 422 mean the content is refused; 413 that the request can never fit. Everything else may pass later. */
    static boolean isRetryableStatus(int status) {
        return status != 400 && status != 413 && status != 422;
    }
}
