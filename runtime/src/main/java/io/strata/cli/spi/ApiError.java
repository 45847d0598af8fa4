package io.strata.cli.spi;

/**
 * The Strata API answered with an error status. 404 and 5xx are failures (exit 1); any other 4xx
 * means the request was invalid (exit 2).
 */
public final class ApiError extends CliFailure {

    private final int status;

    ApiError(int status, String message) {
        super(status == 404 || status >= 500 ? FAILURE : USAGE, message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
