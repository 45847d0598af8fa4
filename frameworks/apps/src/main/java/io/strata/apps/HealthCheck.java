package io.strata.apps;

import java.time.Duration;
import java.util.List;

/**
 * How an instance's health is checked (the app file's {@code healthCheck}). An instance is STARTING
 * through its grace period, HEALTHY once a check passes, UNHEALTHY after a failed one, and replaced
 * after {@code maxFailures} failures in a row.
 *
 * @param type    http (a 2xx or 3xx answer to GET {@code path}), tcp (a connection) or command (exit 0)
 * @param port    the named port checked (http and tcp)
 * @param path    the path asked for (http)
 * @param command the command run in the instance's sandbox (command), by {@code sh -c}
 */
public record HealthCheck(Type type, String port, String path, List<String> command, Duration gracePeriod,
                          Duration interval, Duration timeout, int maxFailures) {

    public enum Type { HTTP, TCP, COMMAND }

    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_FAILURES = 3;

    public HealthCheck {
        command = command == null ? List.of() : List.copyOf(command);
    }
}
