package io.strata.samples.iot;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;

import java.time.Duration;
import java.util.Locale;

/**
 * Which failures of preparing the sink's statement mean "Cassandra is not there yet" — no node
 * answers, or the keyspace or table has not been created — rather than a table that does not fit.
 */
final class SinkWait {

    /** Between two tries. */
    static final Duration PAUSE = Duration.ofMillis(500);
    /** Longer than a pipeline waits for its services (15 min). */
    static final Duration MAX = Duration.ofMinutes(16);

    private SinkWait() {
    }

    static boolean notThereYet(Throwable e) {
        if (e instanceof AllNodesFailedException || e instanceof DriverTimeoutException) {
            return true;
        }
        if (e instanceof InvalidQueryException) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return m.contains("unconfigured table") || m.contains("keyspace") && m.contains("does not exist");
        }
        return false;
    }
}
