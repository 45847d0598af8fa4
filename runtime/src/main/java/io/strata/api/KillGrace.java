package io.strata.api;

import io.strata.spec.Numbers;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code grace} query parameter of a kill or a delete ({@code ?grace=0}, {@code ?grace=30s}): the
 * time each task gets between SIGTERM and SIGKILL, instead of the agent's default.
 */
public final class KillGrace {

    private KillGrace() {
    }

    /**
     * The grace in milliseconds, or null when none was given.
     *
     * @throws IllegalArgumentException naming the value and the forms that would do
     */
    public static Long millis(Optional<String> text) {
        if (text.isEmpty()) {
            return null;
        }
        String t = text.get().trim();
        Duration grace = t.equals("0") ? Duration.ZERO : Numbers.duration(t);
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("'grace' must be a duration such as 0s, 500ms or 10s (the time between "
                    + "SIGTERM and SIGKILL); got '" + text.get() + "'");
        }
        return grace.toMillis();
    }
}
