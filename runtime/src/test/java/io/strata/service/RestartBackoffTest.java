package io.strata.service;

import io.strata.resources.TaskSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RestartBackoffTest {

    @Test
    void aFailedPodRestartsOnItsAgentWithItsPortsAndVolumeAfterItsBackoff() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        Placement before = h.pod("node-1").placement();
        String volume = h.pod("node-1").volumeId();
        h.failed("node-1");
        PodRecord pod = h.pod("node-1");
        assertThat(pod.state()).isEqualTo(PodState.RESTARTING);
        assertThat(pod.reason()).isEqualTo("restarting in place after: exited with code 1 (restart 1)");
        assertThat(h.last(ServiceAction.Log.class)).anySatisfy(l -> assertThat(l.warning()).isTrue());

        h.offers("a2", "a3");
        assertThat(h.launched()).as("still backing off").isEmpty();

        h.after(Duration.ofSeconds(1));
        h.offerWithPorts("a3", "31000-31009");
        assertThat(h.launched()).as("only the agent with its volume will do").isEmpty();
        assertThat(h.pod("node-1").state()).isEqualTo(PodState.RESTARTING);
        h.offerWithPorts("a2", "31002-31009");
        assertThat(h.launched()).as("only its own ports will do").isEmpty();

        h.offerWithPorts("a2", "31000-31009");
        assertThat(h.launched()).containsExactly("node-1");
        TaskSpec task = h.lastTaskOf("node-1");
        assertThat(task.taskId().value()).isEqualTo("demo-demo-node-1-2");
        assertThat(task.volume().id()).isEqualTo(volume);
        assertThat(h.pod("node-1").placement()).isEqualTo(before);
    }

    @Test
    void theBackoffDoublesWithEachFailureUpToThirtySeconds() {
        PlannerHarness h = PlannerHarness.parallel(1);
        h.deployAll();
        List<Long> backoffs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            h.failed("node-0");
            long backoff = h.pod("node-0").notBeforeMillis() - h.now;
            backoffs.add(backoff);
            h.now += backoff;
            h.offers("a1");
            h.running("node-0");
        }
        assertThat(backoffs).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L);
        assertThat(h.pod("node-0").restarts()).isEqualTo(7);
    }

    @Test
    void theBackoffStartsOverOnceThePodHasStayedReadyForTheStableWindowAndRestartsStillCount() {
        PlannerHarness h = PlannerHarness.parallel(1);
        h.deployAll();
        failAndRelaunch(h, 3);
        h.ready("node-0");
        h.after(Duration.ofSeconds(59));
        assertThat(h.pod("node-0").recentRestarts()).isEqualTo(3);

        h.after(Duration.ofSeconds(1));
        assertThat(h.pod("node-0").recentRestarts()).isZero();
        assertThat(h.last(ServiceAction.Save.class)).hasSize(1);
        h.failed("node-0");
        assertThat(h.pod("node-0").notBeforeMillis() - h.now).isEqualTo(1_000L);
        assertThat(h.pod("node-0").restarts()).isEqualTo(4);
        assertThat(h.status().pods().get(0).restarts()).isEqualTo(4);
    }

    @Test
    void aPodThatFailsBeforeTheStableWindowKeepsItsLongerBackoff() {
        PlannerHarness h = PlannerHarness.parallel(1);
        h.deployAll();
        failAndRelaunch(h, 2);
        h.ready("node-0");
        h.after(Duration.ofSeconds(30));
        h.failed("node-0");
        assertThat(h.pod("node-0").notBeforeMillis() - h.now).isEqualTo(4_000L);
    }

    /** Fails the pod {@code times} times, each time relaunching it once its backoff is over, running but not ready. */
    private static void failAndRelaunch(PlannerHarness h, int times) {
        for (int i = 0; i < times; i++) {
            h.failed("node-0");
            h.now = h.pod("node-0").notBeforeMillis();
            h.offers("a1");
            h.running("node-0");
        }
    }

    @Test
    void aRestartedPodKeepsItsPlaceWhenTheServiceIsScaledMeanwhile() {
        PlannerHarness h = PlannerHarness.serial(2);
        h.deployAll();
        h.failed("node-0");
        h.scale(Map.of("nodes", "3", "strategy", "SERIAL"));
        h.after(Duration.ofSeconds(1));
        h.offers("a1", "a2", "a3");
        assertThat(h.launched()).as("serial: the failed pod comes first, the new one after it").containsExactly("node-0");
    }
}
