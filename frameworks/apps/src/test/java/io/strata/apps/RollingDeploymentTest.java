package io.strata.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollingDeploymentTest {

    private static final UpgradePolicy ISSUE_EXAMPLE = new UpgradePolicy(0.66, 1, Duration.ofSeconds(60), true);

    @Test
    void anUpdateOfThreeWithMinHealthy066AndSurge1KeepsTwoHealthyAndEndsOnTheNewVersion() {
        DeployWorld w = new DeployWorld(ISSUE_EXAMPLE, v -> 3).running(1, 3).deploy(1, 2);

        w.step();
        assertThat(w.last.actions()).containsExactly(new DeployAction.Kill("web-1", "replaced by version 2"),
                new DeployAction.Launch(2));
        assertThat(w.healthy()).isEqualTo(2);
        assertThat(w.instances).hasSize(4);

        w.step();
        assertThat(w.last.actions()).as("nothing more until one is healthy or gone").isEmpty();
        assertThat(w.deployment.reason()).isEqualTo("0 of 3 instances healthy at version 2; waiting for 1 new instance"
                + " to become healthy before stopping more of the old (minHealthy 0.66 keeps 2 of 3 healthy)");

        for (int round = 0; round < 6 && w.deployment.state() == DeploymentState.DEPLOYING; round++) {
            w.settle(Set.of(2));
            w.step();
            assertThat(w.healthy()).as("healthy after round %d", round).isGreaterThanOrEqualTo(2);
            assertThat(w.instances.size()).isLessThanOrEqualTo(4);
        }
        assertThat(w.deployment.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(w.deployment.reason()).isEqualTo("3 of 3 instances healthy at version 2");
        assertThat(w.count(2, InstanceState.HEALTHY)).isEqualTo(3);
        assertThat(w.instances).hasSize(3);
    }

    @Test
    void theFirstDeploymentStartsEveryInstanceAtOnce() {
        DeployWorld w = new DeployWorld(ISSUE_EXAMPLE, v -> 3).deploy(0, 1);
        w.step();
        assertThat(w.last.actions()).containsExactly(new DeployAction.Launch(1), new DeployAction.Launch(1),
                new DeployAction.Launch(1));
        w.settle(Set.of(1));
        w.step();
        assertThat(w.deployment.state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    @Test
    void minHealthyZeroStopsEveryOldInstanceAtOnceAndStartsNewOnesAsRoomAllows() {
        DeployWorld w = new DeployWorld(new UpgradePolicy(0, 0, Duration.ofSeconds(60), false), v -> 2)
                .running(1, 2).deploy(1, 2);
        w.step();
        assertThat(w.last.actions()).hasSize(2).allMatch(a -> a instanceof DeployAction.Kill);
        assertThat(w.deployment.reason()).contains("stopping 2");
        w.step();
        assertThat(w.deployment.reason()).isEqualTo("0 of 2 instances healthy at version 2; waiting for 2 instances"
                + " to stop (at most 2 at once: maxSurge 0)");
        w.settle(Set.of(2));
        w.step();
        assertThat(w.last.actions()).containsExactly(new DeployAction.Launch(2), new DeployAction.Launch(2));
    }

    @Test
    void aVersionThatNeverBecomesHealthyStopsAtItsDeadlineAndAutoRevertReturnsToTheLastHealthyOne() {
        DeployWorld w = new DeployWorld(ISSUE_EXAMPLE, v -> 3).running(1, 3).deploy(1, 2);
        w.step();
        w.settle(Set.of());
        w.step();
        w.after(Duration.ofSeconds(59));
        w.step();
        assertThat(w.deployment.state()).isEqualTo(DeploymentState.DEPLOYING);

        w.after(Duration.ofSeconds(1));
        w.step();
        assertThat(w.deployment.state()).isEqualTo(DeploymentState.REVERTING);
        assertThat(w.deployment.reason()).isEqualTo("version 2 made no progress for 1 min (0 of 3 instances healthy"
                + " at version 2): reverting to version 1");
        assertThat(w.deployment.fromVersion()).isEqualTo(2);
        assertThat(w.deployment.toVersion()).isEqualTo(1);
        assertThat(w.last.actions()).as("the version-2 instances, never healthy, stop at once")
                .containsExactly(new DeployAction.Kill("web-4", "replaced by version 1"),
                        new DeployAction.Kill("web-5", "replaced by version 1"));

        w.settle(Set.of(1));
        w.step();
        assertThat(w.last.actions()).containsExactly(new DeployAction.Launch(1));
        w.settle(Set.of(1));
        w.step();
        assertThat(w.deployment.state()).isEqualTo(DeploymentState.REVERTED);
        assertThat(w.deployment.reason()).as("it still says why it reverted").isEqualTo("back on version 1 after"
                + " version 2 made no progress before its deadline (3 of 3 instances healthy at version 1)");
        assertThat(w.count(1, InstanceState.HEALTHY)).isEqualTo(3);
        assertThat(w.instances).hasSize(3);
    }

    @Test
    void withoutAutoRevertItStopsAtTheDeadlineAndLeavesTheInstancesAsTheyAre() {
        DeployWorld w = new DeployWorld(new UpgradePolicy(0.66, 1, Duration.ofSeconds(30), false), v -> 3)
                .running(1, 3).deploy(1, 2);
        w.step();
        w.settle(Set.of());
        w.step();
        w.after(Duration.ofSeconds(30));
        w.step();
        assertThat(w.deployment.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(w.deployment.reason()).startsWith("stopped: version 2 made no progress for 30 s");
        assertThat(w.last.actions()).isEmpty();
        w.after(Duration.ofMinutes(5));
        assertThat(w.step().actions()).isEmpty();
    }

    @Test
    void progressPushesTheDeadlineBack() {
        DeployWorld w = new DeployWorld(new UpgradePolicy(0.66, 1, Duration.ofSeconds(30), false), v -> 3)
                .running(1, 3).deploy(1, 2);
        for (int round = 0; round < 5; round++) {
            w.step();
            w.after(Duration.ofSeconds(25));
            w.settle(Set.of(2));
        }
        w.step();
        assertThat(w.deployment.state()).isEqualTo(DeploymentState.SUCCEEDED);
    }

    @Test
    void aPausedDeploymentStartsAndStopsNothingAndItsDeadlineCountsFromItsResume() {
        DeployWorld w = new DeployWorld(ISSUE_EXAMPLE, v -> 3).running(1, 3).deploy(1, 2);
        w.step();
        w.deployment = w.deployment.paused();
        w.settle(Set.of(2));
        w.after(Duration.ofMinutes(10));
        assertThat(w.step().actions()).isEmpty();
        assertThat(w.deployment.state()).isEqualTo(DeploymentState.PAUSED);

        w.deployment = w.deployment.resumed(w.now);
        w.step();
        assertThat(w.deployment.state()).isEqualTo(DeploymentState.DEPLOYING);
        assertThat(w.last.actions()).isNotEmpty();
    }

    @Test
    void anAbortedDeploymentLeavesTheMixAsItIs() {
        DeployWorld w = new DeployWorld(ISSUE_EXAMPLE, v -> 3).running(1, 3).deploy(1, 2);
        w.step();
        w.deployment = w.deployment.aborted();
        w.settle(Set.of(2));
        assertThat(w.step().actions()).isEmpty();
        assertThat(w.deployment.state()).isEqualTo(DeploymentState.ABORTED);
        assertThat(w.count(1, InstanceState.HEALTHY)).isEqualTo(2);
        assertThat(w.count(2, InstanceState.HEALTHY)).isEqualTo(1);
    }

    @Test
    void anUpdateThatScalesDownStopsTheUnhealthyFirst() {
        DeployWorld w = new DeployWorld(new UpgradePolicy(0.5, 0, Duration.ofSeconds(60), false), v -> v == 1 ? 4 : 2)
                .running(1, 4).deploy(1, 2);
        w.set("web-3", InstanceState.UNHEALTHY);
        w.step();
        assertThat(w.last.actions()).first().isEqualTo(new DeployAction.Kill("web-3", "replaced by version 2"));
        assertThat(w.healthy()).isEqualTo(1);
    }

    @Test
    void policiesThatCannotMakeProgressOrMakeNoSenseAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> new UpgradePolicy(1.0, 0, Duration.ofSeconds(60), false))
                .hasMessageContaining("upgrade.minHealthy 1 with upgrade.maxSurge 0 can never replace an instance");
        assertThatThrownBy(() -> new UpgradePolicy(1.5, 1, Duration.ofSeconds(60), false))
                .hasMessage("upgrade.minHealthy must be between 0 and 1 (a share of the instances), got 1.5");
        assertThatThrownBy(() -> new UpgradePolicy(0.5, -1, Duration.ofSeconds(60), false))
                .hasMessageContaining("upgrade.maxSurge");
        assertThatThrownBy(() -> new UpgradePolicy(0.5, 1, Duration.ZERO, false))
                .hasMessageContaining("upgrade.progressDeadline");
        assertThat(ISSUE_EXAMPLE.healthyFloor(3)).isEqualTo(2);
        assertThat(new UpgradePolicy(0.5, 1, Duration.ofSeconds(1), false).healthyFloor(3)).isEqualTo(2);
        assertThat(new UpgradePolicy(0.66, 0, Duration.ofSeconds(1), false).healthyFloor(1))
                .as("without a surge one instance of one must stop first").isZero();
        assertThat(new UpgradePolicy(0.9, 0, Duration.ofSeconds(1), false).healthyFloor(3)).isEqualTo(2);
    }
}
