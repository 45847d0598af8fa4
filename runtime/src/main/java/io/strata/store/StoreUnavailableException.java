package io.strata.store;

/** A write or read could not reach a majority of master nodes in time; nothing can be assumed written. */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
