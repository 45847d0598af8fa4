package io.strata.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RollingRestartTest {

    @Test
    void aRollingRestartStopsOnePodAtATimeAndTheNextOnlyOnceEveryPodIsReadyAgain() {
        PlannerHarness h = PlannerHarness.parallel(3);
        h.deployAll();
        String firstTask = h.pod("node-0").taskId();

        assertThat(h.restart().accepted()).isTrue();
        assertThat(h.killedTasks()).containsExactly(firstTask);
        assertThat(h.pod("node-0").state()).isEqualTo(PodState.STOPPING);
        assertThat(h.pod("node-0").pendingOp()).isEqualTo(StopIntent.RESTART);
        assertThat(h.status().operation()).isEqualTo("rolling restart: 3 pod(s) to go");

        h.killed("node-0");
        assertThat(h.pod("node-0").state()).isEqualTo(PodState.WAITING);
        assertThat(h.pod("node-0").reason()).isEqualTo("restarting on request");
        h.offers("a1", "a2", "a3");
        assertThat(h.launched()).containsExactly("node-0");
        assertThat(h.pod("node-0").placement().agentId().value()).as("back where its volume is").isEqualTo("a1");
        h.running("node-0");
        assertThat(h.killedTasks()).isEmpty();

        h.ready("node-0");
        assertThat(h.killedTasks()).containsExactly(h.pod("node-1").taskId());
        assertThat(h.status().operation()).isEqualTo("rolling restart: 2 pod(s) to go");

        // Another pod fails meanwhile: the restart waits until it is back.
        h.failed("node-2");
        restartInPlace(h, "node-1");
        assertThat(h.killedTasks()).isEmpty();
        assertThat(h.pod("node-2").state()).isEqualTo(PodState.RESTARTING);

        h.after(Duration.ofSeconds(1));
        h.offers("a3");
        h.up("node-2");
        assertThat(h.killedTasks()).containsExactly(h.pod("node-2").taskId());

        restartInPlace(h, "node-2");
        assertThat(h.state.operations()).isEmpty();
        assertThat(h.status().state()).isEqualTo("RUNNING");
        assertThat(h.status().operation()).isEmpty();
        assertThat(h.all(ServiceAction.Kill.class)).hasSize(3);
    }

    /** The stopped pod's task ends, it is relaunched on its agent and becomes ready. */
    private static void restartInPlace(PlannerHarness h, String podId) {
        h.killed(podId);
        h.offers(h.pod(podId).placement().agentId().value());
        h.up(podId);
    }

    @Test
    void aRollingRestartRequestedWhileAPodIsDownStartsOnceItIsBack() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        h.failed("node-1");
        assertThat(h.restart().accepted()).isTrue();
        assertThat(h.killedTasks()).isEmpty();
        assertThat(h.status().state()).isEqualTo("RESTARTING");

        h.after(Duration.ofSeconds(1));
        h.offers("a2");
        h.up("node-1");
        assertThat(h.killedTasks()).containsExactly(h.pod("node-0").taskId());
    }

    @Test
    void aSecondRollingRestartIsRefusedWhileOneRuns() {
        PlannerHarness h = PlannerHarness.serial(2);
        h.deployAll();
        h.restart();
        Decision second = h.restart();
        assertThat(second.accepted()).isFalse();
        assertThat(second.refusal()).isEqualTo("a rolling restart of demo is already running");
        assertThat(h.killedTasks()).isEmpty();
    }
}
