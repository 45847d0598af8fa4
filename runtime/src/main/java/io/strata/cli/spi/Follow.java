package io.strata.cli.spi;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Following a long operation through the API: polling until it is done, and printing a line only
 * when something changed, so that create, restart, submit or stop show progress without noise.
 */
public final class Follow {

    private final Map<String, String> last = new HashMap<>();

    /**
     * Calls {@code poll} every {@code interval} until {@code done} holds or {@code deadline} has passed,
     * and returns the last value (the caller tells the two apart with {@code done}).
     */
    public static <T> T until(Duration interval, Duration deadline, Supplier<T> poll, Predicate<T> done) {
        long end = System.nanoTime() + deadline.toNanos();
        return until(interval, poll, done.or(value -> System.nanoTime() - end > 0));
    }

    /** Calls {@code poll} every {@code interval} until {@code done} holds, and returns that value. */
    public static <T> T until(Duration interval, Supplier<T> poll, Predicate<T> done) {
        while (true) {
            T value = poll.get();
            if (done.test(value)) {
                return value;
            }
            LockSupport.parkNanos(interval.toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw CliFailure.failure("Interrupted while following the operation; it goes on in the background.");
            }
        }
    }

    /** True when {@code value} differs from the one last seen for {@code key} (which it then replaces). */
    public boolean changed(String key, String value) {
        return !value.equals(last.put(key, value));
    }
}
