package io.strata.apps.cli;

import static io.strata.apps.cli.StatusJson.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.apps.cli.DeploymentWatch.Outcome;
import org.junit.jupiter.api.Test;

/** When {@code --wait} stops following a change, and what it says then. */
class DeploymentWatchTest {

    static final String OLD = "2026-12-04T16:00:00Z";
    static final String NEW = "2026-12-04T17:00:00Z";

    final DeploymentWatch afterOld = new DeploymentWatch(OLD);

    @Test
    void aNewDeploymentIsFollowedUntilItSucceeded() {
        assertThat(afterOld.judge(status(2, 2, "DEPLOYING", NEW, "HEALTHY/2", "STARTING/2")).outcome())
                .isEqualTo(Outcome.GOING);
        assertThat(afterOld.judge(status(2, 2, "PAUSED", NEW, "HEALTHY/2", "HEALTHY/1")).outcome())
                .isEqualTo(Outcome.GOING);
        assertThat(afterOld.judge(status(2, 2, "REVERTING", NEW, "HEALTHY/2", "HEALTHY/1")).outcome())
                .isEqualTo(Outcome.GOING);

        DeploymentWatch.Verdict done = afterOld.judge(status(2, 2, "SUCCEEDED", NEW, "HEALTHY/2", "HEALTHY/2"));

        assertThat(done.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.sentence()).isEqualTo("App web runs version 2: 2 of 2 instances healthy.");
    }

    @Test
    void aNewDeploymentThatWasRevertedFailedWithItsReason() {
        DeploymentWatch.Verdict verdict = afterOld.judge(status(1, 2, "REVERTED", NEW, "HEALTHY/1", "HEALTHY/1"));

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(verdict.sentence()).isEqualTo("App web: deployment REVERTED from version 1 to 2: version 2 was "
                + "not healthy within 60 s; back on version 1.");
    }

    @Test
    void failedAndAbortedAreFailuresToo() {
        assertThat(afterOld.judge(status(2, 1, "FAILED", NEW, "UNHEALTHY/2")).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(afterOld.judge(status(2, 1, "ABORTED", NEW, "HEALTHY/1")).outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void theDeploymentFromBeforeTheChangeDoesNotCountOnlyTheInstancesDo() {
        assertThat(afterOld.judge(status(1, 3, "REVERTED", OLD, "HEALTHY/1", "HEALTHY/1", "STARTING/1")).outcome())
                .as("scaling after a reverted update waits for the new instance").isEqualTo(Outcome.GOING);
        assertThat(afterOld.judge(status(1, 2, "SUCCEEDED", OLD, "HEALTHY/1", "HEALTHY/1", "KILLING/1")).outcome())
                .as("scaling down waits until the extra instance is gone").isEqualTo(Outcome.GOING);
        assertThat(afterOld.judge(status(1, 2, "REVERTED", OLD, "HEALTHY/1", "HEALTHY/1")).outcome())
                .isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void anOldDeploymentStillUnderWayIsWaitedFor() {
        assertThat(afterOld.judge(status(2, 2, "DEPLOYING", OLD, "HEALTHY/2", "HEALTHY/2")).outcome())
                .isEqualTo(Outcome.GOING);
    }

    @Test
    void withNoDeploymentBeforeAnyDeploymentIsTheOneFollowed() {
        DeploymentWatch create = new DeploymentWatch(null);

        assertThat(create.judge(status(1, 2, "DEPLOYING", NEW, "STARTING/1")).outcome()).isEqualTo(Outcome.GOING);
        assertThat(create.judge(status(1, 2, "FAILED", NEW, "UNHEALTHY/1")).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(create.judge(status(1, 0, null, null)).outcome()).as("nothing to run").isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void theDeploymentBeforeIsKnownByWhenItStarted() {
        assertThat(DeploymentWatch.from(status(1, 1, "SUCCEEDED", OLD, "HEALTHY/1"))).isEqualTo(afterOld);
        assertThat(DeploymentWatch.from(status(1, 1, null, null, "HEALTHY/1"))).isEqualTo(new DeploymentWatch(null));
    }
}
