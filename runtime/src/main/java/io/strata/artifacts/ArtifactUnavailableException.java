package io.strata.artifacts;

/** The index names master nodes holding an artifact, but none of them could send it. */
public final class ArtifactUnavailableException extends RuntimeException {

    public ArtifactUnavailableException(String message) {
        super(message);
    }
}
