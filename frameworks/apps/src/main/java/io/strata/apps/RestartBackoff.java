package io.strata.apps;

import java.time.Duration;

/**
 * How long an ended instance waits before it is started again: {@code backoff} after its first
 * failure, doubling with each failure since it was last stable, at most {@code maxBackoff}. A crash
 * loop therefore costs one start per {@code maxBackoff}, not a start per second.
 */
public final class RestartBackoff {

    private RestartBackoff() {
    }

    /** The delay before the next start after {@code recentFailures} failures (1 for the first). */
    public static Duration delay(Duration backoff, Duration maxBackoff, int recentFailures) {
        if (recentFailures <= 0) {
            return Duration.ZERO;
        }
        int doublings = Math.min(recentFailures - 1, 30);
        long millis = backoff.toMillis() << doublings;
        return millis < 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }
}
