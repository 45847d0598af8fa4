package io.strata.apps;

import io.strata.resources.Offer;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskStatus;
import io.strata.security.TaskTokens;
import io.strata.security.TokenBook;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tasks the apps framework launches: an instance's task as {@link AppTasks} builds it; one that
 * fetches artifacts also gets its own API token (scoped to the app's group, as a Spark driver's is),
 * revoked when its task ends.
 */
final class InstanceLaunches {

    private final Supplier<AppTasks.Fetcher> fetcher;
    private final TaskTokens tokens;

    /** @param fetcher how instances fetch artifacts, asked at each such launch (IllegalStateException: no API yet) */
    InstanceLaunches(TokenBook book, Supplier<AppTasks.Fetcher> fetcher) {
        this.fetcher = fetcher;
        this.tokens = new TaskTokens(book, "app.");
    }

    /** The instance's task; empty while this node's API does not serve yet (an instance with artifacts waits). */
    Optional<TaskSpec> spec(AppRecord app, AppDefinition def, AppInstance instance, AppOffers.Placed placed,
                            Offer offer) {
        if (def.artifacts().isEmpty()) {
            return Optional.of(AppTasks.spec(app, def, instance, placed, offer, null));
        }
        AppTasks.Fetcher from;
        try {
            from = fetcher.get();
        } catch (IllegalStateException apiNotServingYet) {
            return Optional.empty();
        }
        return Optional.of(tokens.withToken(AppTasks.spec(app, def, instance, placed, offer, from)));
    }

    /** A task that ended: a token it had is refused from now on. */
    void statusUpdate(TaskStatus status) {
        if (status.state().isTerminal()) {
            tokens.ended(status.taskId());
        }
    }
}
