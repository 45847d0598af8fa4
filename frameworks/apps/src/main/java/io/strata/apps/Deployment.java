package io.strata.apps;

import java.util.Objects;

/**
 * A versioned deployment of an app, as {@code status --json} shows it under {@code deployment}.
 *
 * @param state          where it stands
 * @param reason         what it did last or what it waits for, in a sentence
 * @param fromVersion    the version the app ran before (0 for its first deployment)
 * @param toVersion      the version being deployed
 * @param revert         whether it deploys the version a failed update came from ({@code autoRevert})
 * @param startedAtMillis when it started (a revert: when the revert started)
 * @param progressAtMillis when it last made progress (or was started or resumed)
 * @param progress       the best progress mark seen: new instances healthy minus old instances left
 */
public record Deployment(DeploymentState state, String reason, int fromVersion, int toVersion, boolean revert,
                         long startedAtMillis, long progressAtMillis, int progress) {

    public Deployment {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    /** A deployment of {@code toVersion} replacing {@code fromVersion} (0: the app's first), starting now. */
    public static Deployment start(int fromVersion, int toVersion, long now) {
        return new Deployment(DeploymentState.DEPLOYING, "deploying version " + toVersion, fromVersion, toVersion, false, now,
                now, Integer.MIN_VALUE);
    }

    /** Paused by request: nothing starts or stops until {@link #resumed}. */
    public Deployment paused() {
        return state.active() ? new Deployment(DeploymentState.PAUSED, "paused on request",
                fromVersion, toVersion, revert, startedAtMillis, progressAtMillis, progress) : this;
    }

    /** Resumed: the progress deadline counts again from now. */
    public Deployment resumed(long now) {
        if (state != DeploymentState.PAUSED) {
            return this;
        }
        DeploymentState back = revert ? DeploymentState.REVERTING : DeploymentState.DEPLOYING;
        return new Deployment(back, "resumed on request", fromVersion, toVersion, revert, startedAtMillis, now, progress);
    }

    /** Aborted by request: the instances stay as they are, a new update or a rollback starts afresh. */
    public Deployment aborted() {
        return state.active() || state == DeploymentState.PAUSED
                ? new Deployment(DeploymentState.ABORTED, "aborted on request", fromVersion, toVersion, revert, startedAtMillis,
                progressAtMillis, progress)
                : this;
    }

    /** Whether it is over (succeeded, reverted, failed or aborted). */
    public boolean ended() {
        return !state.active() && state != DeploymentState.PAUSED;
    }

    Deployment with(DeploymentState nextState, String nextReason) {
        return new Deployment(nextState, nextReason, fromVersion, toVersion, revert, startedAtMillis, progressAtMillis,
                progress);
    }

    /** The revert of this failed deployment: its old version deployed again, starting now. */
    Deployment reverting(String why, long now) {
        return new Deployment(DeploymentState.REVERTING, why, toVersion, fromVersion, true, now, now, Integer.MIN_VALUE);
    }

    Deployment progressed(int mark, long now) {
        return mark > progress
                ? new Deployment(state, reason, fromVersion, toVersion, revert, startedAtMillis, now, mark) : this;
    }
}
