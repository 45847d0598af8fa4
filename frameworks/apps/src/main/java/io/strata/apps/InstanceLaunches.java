package io.strata.apps;

import io.strata.resources.Offer;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.security.TaskTokens;
import io.strata.security.TokenBook;

import java.util.function.Supplier;

/**
 * The tasks the apps framework launches: an instance's task as {@link AppTasks} builds it; one that
 * fetches artifacts also gets its own API token (scoped to the app's group, as a Spark driver's is),
 * revoked when its task ends.
 */
final class InstanceLaunches {

    private final Supplier<AppTasks.Fetcher> fetcher;
    private final TaskTokens tokens;

    /** @param fetcher how instances fetch artifacts (asked at each such launch: the node's API serves by then) */
    InstanceLaunches(TokenBook book, Supplier<AppTasks.Fetcher> fetcher) {
        this.fetcher = fetcher;
        this.tokens = new TaskTokens(book, "app.");
    }

    TaskSpec spec(AppRecord app, AppDefinition def, AppInstance instance, AppOffers.Placed placed, Offer offer) {
        if (def.artifacts().isEmpty()) {
            return AppTasks.spec(app, def, instance, placed, offer, null);
        }
        return tokens.withToken(AppTasks.spec(app, def, instance, placed, offer, fetcher.get()));
    }

    /** A task ended: a token it had is refused from now on. */
    void ended(TaskId taskId) {
        tokens.ended(taskId);
    }
}
