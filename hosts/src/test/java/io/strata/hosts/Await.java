package io.strata.hosts;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls until something holds; a timeout names what was awaited and the last thing seen. */
public final class Await {

    private static final long POLL_MILLIS = 500;

    private Await() {
    }

    /**
     * Calls {@code probe} until it returns a value, at most for {@code timeout}. A probe that throws
     * counts as "not yet" (a node still starting); its last message goes into the failure.
     */
    public static <T> T until(Duration timeout, String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "nothing yet";
        while (true) {
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (RuntimeException | AssertionError e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + last);
            }
            Host.sleep(POLL_MILLIS);
        }
    }
}
