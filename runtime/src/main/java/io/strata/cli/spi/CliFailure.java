package io.strata.cli.spi;

import java.nio.file.Path;

/**
 * A failure the user can act on: one plain sentence with a hint, and the exit code it maps to.
 * Main prints the message without a stack trace (unless --debug).
 */
public class CliFailure extends RuntimeException {

    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliFailure failure(String message) {
        return new CliFailure(FAILURE, message);
    }

    public static CliFailure noCluster(Path home) {
        return failure("No Strata cluster is running at " + home + ". Start one with 'strata up'.");
    }

    public int exitCode() {
        return exitCode;
    }
}
