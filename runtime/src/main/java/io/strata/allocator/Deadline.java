package io.strata.allocator;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/** Deadline arithmetic that saturates, because "refuse for ever" is spelled as a huge Duration. */
final class Deadline {

    private Deadline() {
    }

    static Instant after(Instant now, Duration d) {
        try {
            return now.plus(d);
        } catch (DateTimeException | ArithmeticException tooFar) {
            return Instant.MAX;
        }
    }
}
