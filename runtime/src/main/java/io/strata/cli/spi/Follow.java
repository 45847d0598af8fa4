package io.strata.cli.spi;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Following a long operation through the API: polling until it is done, and printing a line only
 * when something changed, so that create, restart, submit or stop show progress without noise.
 */
public final class Follow {

    /** How long a follow rides out a 503 before it gives up: longer than a framework's failover. */
    static final Duration UNAVAILABLE_FOR = Duration.ofSeconds(60);

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

    /**
     * {@code poll}, except that while the API answers 503 (a framework failing over, or too busy to
     * answer in time) it gives back the last value it got instead of failing, so a follow loop simply
     * looks again a moment later. Before the first value, and once the API has answered nothing but
     * 503 for {@link #UNAVAILABLE_FOR}, the 503 is the answer.
     */
    public static <T> Supplier<T> throughUnavailable(Supplier<T> poll) {
        return throughUnavailable(poll, UNAVAILABLE_FOR, System::nanoTime);
    }

    static <T> Supplier<T> throughUnavailable(Supplier<T> poll, Duration patience, LongSupplier nanos) {
        return new Supplier<>() {
            private boolean any;
            private T last;
            private long unavailableSince;
            private boolean unavailable;

            @Override
            public T get() {
                try {
                    last = poll.get();
                    any = true;
                    unavailable = false;
                    return last;
                } catch (ApiError e) {
                    if (e.status() != 503 || !any) {
                        throw e;
                    }
                    long now = nanos.getAsLong();
                    if (!unavailable) {
                        unavailable = true;
                        unavailableSince = now;
                    }
                    if (now - unavailableSince > patience.toNanos()) {
                        throw e;
                    }
                    return last;
                }
            }
        };
    }

    /** True when {@code value} differs from the one last seen for {@code key} (which it then replaces). */
    public boolean changed(String key, String value) {
        return !value.equals(last.put(key, value));
    }
}
