package io.strata.master;

import static io.strata.master.MasterHarness.A1;
import static io.strata.master.MasterHarness.EPOCH;
import static io.strata.master.MasterHarness.A2;
import static io.strata.master.MasterHarness.FW;
import static io.strata.master.MasterHarness.OTHER;
import static io.strata.master.MasterHarness.START;
import static io.strata.master.MasterHarness.only;
import static io.strata.master.MasterHarness.reported;
import static io.strata.master.MasterHarness.statuses;
import static io.strata.master.MasterHarness.task;
import static io.strata.master.MasterHarness.taskWithVolume;
import static io.strata.master.MasterHarness.volumeOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.master.MasterEffect.AllocateSoon;
import io.strata.master.MasterEffect.LaunchTasks;
import io.strata.master.MasterEffect.SendStatus;
import io.strata.resources.Offer;
import io.strata.resources.Resources;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchTest {

    private final MasterHarness h = new MasterHarness();

    @Test
    void acceptLaunchesOnTheOfferedAgentAndTellsTheFrameworkStaging() {
        TaskSpec t1 = task("t1", 1, 512);
        List<MasterEffect> effects = h.launched(FW, A1, t1);

        assertThat(effects).containsExactly(
                new SendStatus(FW, new TaskStatus(t1.taskId(), FW, A1, TaskState.STAGING,
                        "launching on a1 (host-a1)", null, null, START)),
                new LaunchTasks(A1, FW, List.of(t1), EPOCH, 1),
                new AllocateSoon());
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.of(1, 512));
        assertThat(h.state().outstandingOffers()).isZero();
    }

    @Test
    void launchNeedingMoreThanTheOfferIsRefusedAsLostWithWhatIsMissing() {
        h.frameworkHeartbeat(FW);
        h.agentHeartbeat(A1);
        Offer offer = h.offer(FW, A1);

        List<MasterEffect> effects = h.accept(FW, offer, task("big", 5, 512));

        assertThat(statuses(effects)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(TaskState.LOST);
            assertThat(s.reason()).startsWith("launch rejected: launch needs ").contains("missing");
        });
        assertThat(only(LaunchTasks.class, effects)).isEmpty();
        assertThat(h.state().outstandingOffers()).as("the offer is withdrawn").isZero();
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.EMPTY);
    }

    @Test
    void launchOnAnAgentThatFilledUpSinceItsOfferIsRefused() {
        h.frameworkHeartbeat(FW);
        h.agentHeartbeat(A1);
        Offer offer = h.offer(FW, A1);
        h.agentHeartbeat(A1, reported(OTHER, task("x", 3, 3_000), A1, TaskState.RUNNING));

        List<MasterEffect> effects = h.accept(FW, offer, task("t1", 2, 512));

        assertThat(statuses(effects)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(TaskState.LOST);
            assertThat(s.reason()).isEqualTo("launch rejected: offer " + offer.id()
                    + " is no longer valid (rescinded or expired)");
        });
        assertThat(only(LaunchTasks.class, effects)).isEmpty();
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.of(3, 3_000));
    }

    @Test
    void launchReusingTheIdOfARunningTaskFailsAndLeavesTheOfferOutstanding() {
        h.launched(FW, A1, task("t1", 1, 512));
        h.agentHeartbeat(A2);
        Offer onA2 = h.offer(FW, A2);

        List<MasterEffect> effects = h.accept(FW, onA2, task("t1", 1, 512));

        assertThat(statuses(effects)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(TaskState.FAILED);
            assertThat(s.reason()).isEqualTo("launch rejected: task id 't1' is already in use by a running task");
        });
        assertThat(h.state().outstandingOffers()).isEqualTo(1);
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.STAGING);
    }

    @Test
    void launchWithAVolumeThatLivesOnAnotherAgentFails() {
        h.frameworkHeartbeat(FW);
        h.agentHeartbeat(A1, "conn-a1-1", List.of(), List.of(volumeOf(FW, "v1", 1_000)));
        h.agentHeartbeat(A2);
        Offer onA2 = h.offer(FW, A2);

        List<MasterEffect> effects = h.accept(FW, onA2, taskWithVolume("t1", "v1", 1_000));

        assertThat(statuses(effects)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(TaskState.FAILED);
            assertThat(s.reason()).isEqualTo("launch rejected: volume v1 lives on a1, not on a2");
        });
        assertThat(only(LaunchTasks.class, effects)).isEmpty();
    }

    @Test
    void launchWithAVolumeAnotherTaskUsesFails() {
        h.launched(FW, A1, taskWithVolume("t1", "v1", 1_000));
        h.advance(Duration.ofSeconds(5));
        Offer again = h.offer(FW, A1);

        List<MasterEffect> effects = h.accept(FW, again, taskWithVolume("t2", "v1", 1_000));

        assertThat(statuses(effects)).extracting(TaskStatus::reason)
                .containsExactly("launch rejected: volume v1 is in use by another task");
    }

    @Test
    void aNewVolumeTakesItsDiskFromTheOfferAndOutlivesItsTask() {
        TaskSpec t1 = taskWithVolume("t1", "v1", 1_000);
        h.launched(FW, A1, t1);
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.of(1, 256, 1_000));

        h.statusUpdate(t1.taskId(), FW, A1, TaskState.RUNNING, "pid 42");
        h.statusUpdate(t1.taskId(), FW, A1, TaskState.FINISHED, "exited with code 0");
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.of(0, 0, 1_000));

        h.advance(Duration.ofSeconds(5));
        Offer again = h.offer(FW, A1);
        assertThat(again.resources().diskMb()).isEqualTo(9_000);
        assertThat(only(LaunchTasks.class, h.accept(FW, again, taskWithVolume("t2", "v1", 1_000)))).hasSize(1);
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.of(1, 256, 1_000));
    }

    @Test
    void declineWithAFilterKeepsTheAgentFromTheFrameworkUntilTheFilterExpires() {
        h.frameworkHeartbeat(FW);
        h.agentHeartbeat(A1);
        Offer offer = h.offer(FW, A1);

        assertThat(h.send(new MasterInput.Decline(FW, offer.id(), 30_000))).containsExactly(new AllocateSoon());
        assertThat(h.allocate()).isEmpty();
        h.advance(Duration.ofMillis(29_999));
        assertThat(h.allocate()).isEmpty();
        h.advance(Duration.ofMillis(1));
        assertThat(h.allocate()).extracting(Offer::agentId).containsExactly(A1);
        assertThat(h.state().allocation().offersDeclined()).isEqualTo(1);
    }

    @Test
    void declineOfAnOfferTheFrameworkDoesNotHoldChangesNothing() {
        h.frameworkHeartbeat(FW);
        h.agentHeartbeat(A1);
        Offer offer = h.offer(FW, A1);
        h.frameworkHeartbeat(OTHER);

        assertThat(h.send(new MasterInput.Decline(OTHER, offer.id(), 30_000))).isEmpty();
        assertThat(h.state().outstandingOffers()).isEqualTo(1);
        assertThat(h.state().allocation().offersDeclined()).isZero();
    }

    @Test
    void acceptFromAnUnregisteredFrameworkIsIgnored() {
        h.frameworkHeartbeat(FW);
        h.agentHeartbeat(A1);
        Offer offer = h.offer(FW, A1);

        assertThat(h.accept(OTHER, offer, task("t1", 1, 512))).isEmpty();
        assertThat(h.state().outstandingOffers()).isEqualTo(1);
    }
}
