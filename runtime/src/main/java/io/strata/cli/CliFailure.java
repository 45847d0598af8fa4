package io.strata.cli;

import java.nio.file.Path;

/**
 * A failure the user can act on: one plain sentence with a hint, and the exit code it maps to.
 * Main prints the message without a stack trace (unless --debug).
 */
class CliFailure extends RuntimeException {

    static final int FAILURE = 1;
    static final int USAGE = 2;

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliFailure failure(String message) {
        return new CliFailure(FAILURE, message);
    }

    static CliFailure noCluster(Path home) {
        return failure("No Strata cluster is running at " + home + ". Start one with 'strata up'.");
    }

    int exitCode() {
        return exitCode;
    }
}
