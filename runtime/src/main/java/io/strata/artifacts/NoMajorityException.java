package io.strata.artifacts;

/** An artifact could not be copied to a majority of master nodes: its upload is not accepted. */
public final class NoMajorityException extends RuntimeException {

    public NoMajorityException(String message) {
        super(message);
    }
}
