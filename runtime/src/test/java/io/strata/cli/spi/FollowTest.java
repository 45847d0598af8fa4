package io.strata.cli.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A follow loop looks past a framework's 503s for a while, and not past anything else. */
class FollowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final AtomicLong nanos = new AtomicLong();
    private final Deque<Object> answers = new ArrayDeque<>();

    private final Supplier<String> poll = Follow.throughUnavailable(() -> {
        Object next = answers.removeFirst();
        if (next instanceof ApiError e) {
            throw e;
        }
        return (String) next;
    }, PATIENCE, nanos::get);

    @Test
    void a503AfterAValueGivesTheLastValueBackAndTheNextAnswerReplacesIt() {
        answers.addAll(java.util.List.of("STOPPING", unavailable(), unavailable(), "DELETED"));

        assertThat(poll.get()).isEqualTo("STOPPING");
        assertThat(poll.get()).isEqualTo("STOPPING");
        assertThat(poll.get()).isEqualTo("STOPPING");
        assertThat(poll.get()).isEqualTo("DELETED");
    }

    @Test
    void a503BeforeAnyValueIsTheAnswer() {
        answers.add(unavailable());

        assertThatThrownBy(poll::get).isInstanceOf(ApiError.class).hasMessageContaining("did not answer");
    }

    @Test
    void otherErrorsAreNeverLookedPast() {
        answers.addAll(java.util.List.of("RUNNING", new ApiError(404, "No service events."),
                new ApiError(500, "boom")));

        poll.get();
        assertThatThrownBy(poll::get).isInstanceOf(ApiError.class).extracting(e -> ((ApiError) e).status()).isEqualTo(404);
        assertThatThrownBy(poll::get).isInstanceOf(ApiError.class).extracting(e -> ((ApiError) e).status()).isEqualTo(500);
    }

    @Test
    void aPatienceRunsFromTheFirst503InARowAndEndsWithThe503() {
        answers.addAll(java.util.List.of("STOPPING", unavailable(), unavailable(), "STOPPING", unavailable(),
                unavailable(), unavailable()));
        poll.get();
        poll.get();
        nanos.addAndGet(PATIENCE.toNanos());
        assertThat(poll.get()).as("just at the patience: still looked past").isEqualTo("STOPPING");
        poll.get();
        nanos.addAndGet(1);
        assertThat(poll.get()).as("an answer in between started the patience again").isEqualTo("STOPPING");
        nanos.addAndGet(PATIENCE.toNanos());
        assertThat(poll.get()).isEqualTo("STOPPING");
        nanos.addAndGet(1);

        assertThatThrownBy(poll::get).isInstanceOf(ApiError.class).extracting(e -> ((ApiError) e).status()).isEqualTo(503);
    }

    private static ApiError unavailable() {
        return new ApiError(503, "The kafka framework did not answer; it may be failing over, try again.");
    }
}
