package io.strata.service;

import io.strata.resources.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeployPlanTest {

    @Test
    void parallelDeployHoldsOffersUntilEveryPodHasOneThenLaunchesAllTogether() {
        PlannerHarness h = PlannerHarness.parallel(3);
        h.offers("a1", "a2");
        assertThat(h.launched()).isEmpty();
        assertThat(h.last(ServiceAction.Decline.class)).isEmpty();
        assertThat(h.state.held()).hasSize(2);
        String shortfall = "1 pod(s) of type node wait for 1.0 cpus, 1024 MB mem, 512 MB disk and 2 ports, "
                + "each on its own agent";
        assertThat(h.podStates().keySet()).allSatisfy(p -> assertThat(h.pod(p).reason()).isEqualTo(shortfall));

        h.after(Duration.ofSeconds(3));
        h.offers("a3");
        assertThat(h.launched()).containsExactly("node-0", "node-1", "node-2");
        assertThat(h.podStates().values()).containsOnly(PodState.STARTING);
        assertThat(h.state.held()).isEmpty();
        // Every task is rendered with every pod's address (a quorum's voters).
        String peers = "10.0.0.1:31001,10.0.0.2:31001,10.0.0.3:31001";
        for (String pod : h.launched()) {
            assertThat(h.lastTaskOf(pod).env()).containsEntry("PEERS", peers);
        }
    }

    @Test
    void parallelDeployDeclinesTheOffersItHeldOnceTheHoldIsOver() {
        PlannerHarness h = PlannerHarness.parallel(3);
        h.offers("a1", "a2");
        h.after(Duration.ofSeconds(10));
        assertThat(h.last(ServiceAction.Decline.class)).isEmpty();

        h.after(Duration.ofMillis(500));
        assertThat(h.last(ServiceAction.Decline.class)).hasSize(2)
                .allSatisfy(d -> assertThat(d.refuse()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(h.state.held()).isEmpty();
        assertThat(h.all(ServiceAction.Launch.class)).isEmpty();
        assertThat(h.podStates().values()).containsOnly(PodState.WAITING);
    }

    @Test
    void serialDeployLaunchesTheNextPodOnlyOnceThePreviousOneIsReady() {
        PlannerHarness h = PlannerHarness.serial(3);
        h.offers("a1", "a2", "a3");
        assertThat(h.launched()).containsExactly("node-0");
        assertThat(h.last(ServiceAction.Decline.class)).hasSize(2);

        h.running("node-0");
        h.offers("a2", "a3");
        assertThat(h.launched()).isEmpty();
        assertThat(h.last(ServiceAction.Decline.class)).allSatisfy(d ->
                assertThat(d.refuse()).isEqualTo(Duration.ofSeconds(5)));

        h.ready("node-0");
        h.offers("a2", "a3");
        assertThat(h.launched()).containsExactly("node-1");
        assertThat(h.pod("node-1").placement().agentId().value()).isEqualTo("a2");
        assertThat(h.pod("node-2").state()).isEqualTo(PodState.WAITING);
    }

    @Test
    void aParallelServiceThatWasOnceFullyUpPlacesItsPodsOneByOne() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        assertThat(h.state.record().deployedOnce()).isTrue();
        h.scale(Map.of("nodes", "4", "strategy", "PARALLEL"));
        h.offers("a3");
        assertThat(h.launched()).containsExactly("node-2");
        assertThat(h.pod("node-3").reason()).contains("1 pod(s) of type node wait for");
    }

    @Test
    void aRejectedLaunchPutsThePodBackToWaitingWithTheMastersReason() {
        PlannerHarness h = PlannerHarness.serial(1);
        h.offers("a1");
        h.task("node-0", TaskState.LOST, "launch rejected: offer o1-a1 is no longer valid");
        assertThat(h.pod("node-0").state()).isEqualTo(PodState.WAITING);
        assertThat(h.pod("node-0").reason()).isEqualTo("launch rejected: offer o1-a1 is no longer valid");
        assertThat(h.pod("node-0").restarts()).isZero();
        assertThat(h.status().reason()).isEqualTo("node-0: launch rejected: offer o1-a1 is no longer valid");

        h.offers("a1");
        assertThat(h.launched()).containsExactly("node-0");
        assertThat(h.pod("node-0").taskId()).isEqualTo("demo-demo-node-0-2");
    }

    @Test
    void podTypesDeployInTheDefinitionsOrder() {
        PlannerHarness h = new PlannerHarness(Map.of("nodes", "2", "witnesses", "1", "strategy", "SERIAL"));
        h.offers("a1", "a2", "a3");
        assertThat(h.launched()).containsExactly("witness-0");
        h.up("witness-0");
        h.offers("a1", "a2", "a3");
        assertThat(h.launched()).containsExactly("node-0");
    }

    @Test
    void offersAreSuppressedWhileNothingWaitsAndRevivedWhenAPodNeedsOne() {
        PlannerHarness h = PlannerHarness.parallel(1);
        h.tick();
        assertThat(h.last(ServiceAction.Revive.class)).hasSize(1);
        h.deployAll();
        assertThat(h.all(ServiceAction.Suppress.class)).hasSize(1);
        assertThat(h.state.suppressed()).isTrue();
        h.tick();
        assertThat(h.last(ServiceAction.Suppress.class)).isEmpty();
        assertThat(h.last(ServiceAction.Revive.class)).isEmpty();

        h.failed("node-0");
        assertThat(h.last(ServiceAction.Revive.class)).as("still backing off").isEmpty();
        h.after(Duration.ofSeconds(1));
        assertThat(h.last(ServiceAction.Revive.class)).hasSize(1);
        assertThat(h.state.suppressed()).isFalse();
    }

    @Test
    void everyChangeOfTheRecordIsSavedBeforeItsEffects() {
        PlannerHarness h = PlannerHarness.parallel(1);
        h.offers("a1");
        assertThat(h.last.get(0)).isInstanceOf(ServiceAction.Save.class);
        assertThat(((ServiceAction.Save) h.last.get(0)).record().pod("node-0").taskId()).isEqualTo("demo-demo-node-0-1");
        assertThat(h.last(ServiceAction.Launch.class)).hasSize(1);
        h.tick();
        assertThat(h.last(ServiceAction.Save.class)).isEmpty();
    }
}
