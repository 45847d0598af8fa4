package io.strata.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DeleteTest {

    @Test
    void deleteKillsLivePodsDestroysTheirVolumesAndStopsOffers() {
        PlannerHarness h = PlannerHarness.parallel(3);
        h.deployAll();
        h.failed("node-2");
        var tasks = h.state.orderedPods().stream().map(PodRecord::taskId).toList();
        var volumes = h.state.orderedPods().stream().map(PodRecord::volumeId).toList();

        assertThat(h.delete().accepted()).isTrue();
        assertThat(h.killedTasks()).containsExactly(tasks.get(0), tasks.get(1));
        assertThat(h.last(ServiceAction.DestroyVolume.class)).extracting(ServiceAction.DestroyVolume::volumeId)
                .containsExactlyElementsOf(volumes);
        assertThat(h.last(ServiceAction.Suppress.class)).hasSize(1);
        assertThat(h.podStates()).containsEntry("node-0", PodState.STOPPING).containsEntry("node-2", PodState.DELETED);
        assertThat(h.pod("node-0").pendingOp()).isEqualTo(StopIntent.DELETE);
        assertThat(h.status().state()).isEqualTo("DELETING");
        assertThat(h.status().reason()).isEqualTo("node-0: stopping: the service is being deleted");
    }

    @Test
    void aDeleteWithAGraceKillsEveryLivePodWithItAndWithoutOneLeavesTheAgentsDefault() {
        PlannerHarness fast = PlannerHarness.parallel(2);
        fast.deployAll();
        fast.delete(0);
        assertThat(fast.last(ServiceAction.Kill.class)).hasSize(2).allMatch(k -> Long.valueOf(0).equals(k.graceMillis()));

        PlannerHarness plain = PlannerHarness.parallel(2);
        plain.deployAll();
        plain.delete();
        assertThat(plain.last(ServiceAction.Kill.class)).hasSize(2).allMatch(k -> k.graceMillis() == null);
    }

    @Test
    void deleteIsDoneOnlyOnceEveryPodIsGoneAndTheMasterHoldsNoVolumeOfOurs() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        h.delete();
        h.tick();
        assertThat(h.last(ServiceAction.AskVolumes.class)).as("tasks still running").isEmpty();
        h.volumes();
        assertThat(h.last(ServiceAction.Finish.class)).isEmpty();

        h.killed("node-0");
        h.killed("node-1");
        assertThat(h.podStates().values()).containsOnly(PodState.DELETED);
        // The record with every pod DELETED is saved: a manager taking over now must not bring them back.
        assertThat(h.last(ServiceAction.Save.class)).singleElement()
                .satisfies(save -> assertThat(save.record().pods()).allMatch(p -> p.state() == PodState.DELETED));
        h.tick();
        assertThat(h.last(ServiceAction.AskVolumes.class)).hasSize(1);
        h.volumes(h.pod("node-1").volumeId());
        assertThat(h.last(ServiceAction.Finish.class)).isEmpty();

        h.tick();
        h.volumes();
        assertThat(h.last(ServiceAction.Finish.class)).hasSize(1);
    }

    @Test
    void volumesTheMasterStillHoldsAfterEveryPodIsGoneAreDestroyedAgainUntilGone() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        h.delete();
        h.killed("node-0");
        h.killed("node-1");
        String stuck = h.pod("node-1").volumeId();
        h.after(ServicePlanner.DESTROY_RETRY);
        h.volumes(stuck);
        assertThat(h.last(ServiceAction.DestroyVolume.class)).extracting(ServiceAction.DestroyVolume::volumeId)
                .as("the agent refused the first destroy: asked again").containsExactly(stuck);
        h.tick();
        h.volumes(stuck);
        assertThat(h.last(ServiceAction.DestroyVolume.class)).as("not again before the retry interval").isEmpty();

        h.after(ServicePlanner.DESTROY_RETRY);
        h.volumes(stuck);
        assertThat(h.last(ServiceAction.DestroyVolume.class)).hasSize(1);
        h.tick();
        h.volumes();
        assertThat(h.last(ServiceAction.Finish.class)).hasSize(1);
    }

    @Test
    void whileDeletingOffersAreDeclinedForFiveSecondsAndOperationsAreRefused() {
        PlannerHarness h = PlannerHarness.parallel(2);
        h.deployAll();
        h.delete();
        h.offers("a3");
        assertThat(h.last(ServiceAction.Decline.class)).singleElement()
                .satisfies(d -> assertThat(d.refuse()).isEqualTo(Duration.ofSeconds(5)));
        assertThat(h.restart().refusal()).isEqualTo("service demo is being deleted");
        assertThat(h.replace("node-0").refusal()).isEqualTo("service demo is being deleted");
        Decision again = h.delete();
        assertThat(again.accepted()).isTrue();
        assertThat(again.actions()).isEmpty();
    }

    @Test
    void deletingAPodStoppedForARestartKillsItAgainAndEndsItForGood() {
        PlannerHarness h = PlannerHarness.parallel(1);
        h.deployAll();
        h.restart();
        String task = h.pod("node-0").taskId();
        h.delete();
        assertThat(h.killedTasks()).containsExactly(task);
        h.killed("node-0");
        assertThat(h.pod("node-0").state()).isEqualTo(PodState.DELETED);
        h.offers("a1");
        assertThat(h.launched()).isEmpty();
    }
}
