package io.strata.master;

import static io.strata.master.MasterHarness.A1;
import static io.strata.master.MasterHarness.AGENT_TOTAL;
import static io.strata.master.MasterHarness.EPOCH;
import static io.strata.master.MasterHarness.FW;
import static io.strata.master.MasterHarness.OTHER;
import static io.strata.master.MasterHarness.only;
import static io.strata.master.MasterHarness.reported;
import static io.strata.master.MasterHarness.statuses;
import static io.strata.master.MasterHarness.task;
import static io.strata.master.MasterHarness.taskWithVolume;
import static io.strata.master.MasterHarness.volumeOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.master.MasterEffect.AckTerminal;
import io.strata.master.MasterEffect.AgentLost;
import io.strata.master.MasterEffect.AgentRegistered;
import io.strata.master.MasterEffect.AllocateSoon;
import io.strata.master.MasterEffect.ForgetAgent;
import io.strata.master.MasterEffect.KillTask;
import io.strata.master.MasterEffect.RescindOffer;
import io.strata.protocol.ClusterState.VolumeView;
import io.strata.resources.Offer;
import io.strata.resources.Resources;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentLifecycleTest {

    private final MasterHarness h = new MasterHarness();

    @Test
    void firstHeartbeatRegistersTheAgentAndAsksForAnAllocation() {
        assertThat(h.agentHeartbeat(A1)).containsExactly(new AgentRegistered(A1, EPOCH), new AllocateSoon());
        assertThat(h.agentView(A1).host()).isEqualTo("host-a1");
        assertThat(h.agentView(A1).total()).isEqualTo(AGENT_TOTAL);
        assertThat(h.agentView(A1).attributes()).containsEntry("rack", "r1");
    }

    @Test
    void agentSilentPastTimeoutLosesItsTasksWithAReason() {
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);
        h.agentHeartbeat(A1, reported(FW, t1, A1, TaskState.RUNNING));
        h.advance(Duration.ofSeconds(6));
        Offer rest = h.offer(FW, A1);
        h.frameworkHeartbeat(OTHER);
        h.advance(Duration.ofSeconds(3));
        h.frameworkHeartbeat(FW);
        h.frameworkHeartbeat(OTHER);

        h.advance(Duration.ofMillis(1_000));
        assertThat(h.send(new MasterInput.Tick())).doesNotContain(new ForgetAgent(A1));

        h.advance(Duration.ofMillis(500));
        List<MasterEffect> effects = h.send(new MasterInput.Tick());
        String reason = "agent a1 (host-a1) lost: silent for 10.5 s (agent-timeout 10 s)";
        assertThat(only(RescindOffer.class, effects)).containsExactly(new RescindOffer(FW, rest.id()));
        assertThat(statuses(effects)).singleElement().satisfies(s -> {
            assertThat(s.taskId()).isEqualTo(t1.taskId());
            assertThat(s.state()).isEqualTo(TaskState.LOST);
            assertThat(s.reason()).isEqualTo(reason);
        });
        assertThat(only(AgentLost.class, effects))
                .containsExactly(new AgentLost(FW, A1, reason), new AgentLost(OTHER, A1, reason));
        assertThat(effects).contains(new ForgetAgent(A1));
        assertThat(h.state().agents()).isEmpty();
        assertThat(h.state().outstandingOffers()).isZero();
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.LOST);
    }

    @Test
    void lostReasonSaysHowLongTheAgentWasSilentInWholeSecondsWhenItWasExactlyThat() {
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);
        h.agentHeartbeat(A1, reported(FW, t1, A1, TaskState.RUNNING));
        h.advance(Duration.ofSeconds(12));
        h.frameworkHeartbeat(FW);

        List<MasterEffect> effects = h.send(new MasterInput.Tick());

        assertThat(statuses(effects)).extracting(TaskStatus::reason)
                .containsExactly("agent a1 (host-a1) lost: silent for 12 s (agent-timeout 10 s)");
        assertThat(h.taskStatus("t1").reason()).isEqualTo("agent a1 (host-a1) lost: silent for 12 s (agent-timeout 10 s)");
    }

    @Test
    void agentReconnectingWithANewConnectionHearsRegisteredAgain() {
        h.agentHeartbeat(A1);
        assertThat(h.agentHeartbeat(A1)).isEmpty();
        assertThat(h.agentHeartbeat(A1, "conn-a1-2", List.of(), List.of()))
                .containsExactly(new AgentRegistered(A1, EPOCH));
        assertThat(h.agentHeartbeat(A1, "conn-a1-2", List.of(), List.of())).isEmpty();
    }

    @Test
    void tasksAndVolumesReportedToANewMasterAreAdoptedAndAccounted() {
        TaskSpec t1 = taskWithVolume("t1", "v1", 1_000);
        List<MasterEffect> effects = h.agentHeartbeat(A1, "conn-a1-1",
                List.of(reported(FW, t1, A1, TaskState.RUNNING)), List.of(volumeOf(FW, "v1", 1_000)));

        assertThat(effects).containsExactly(new AgentRegistered(A1, EPOCH), new AllocateSoon());
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.RUNNING);
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.of(1, 256, 1_000));
        assertThat(h.agentView(A1).tasks()).isEqualTo(1);
        assertThat(h.state().volumes()).containsExactly(new VolumeView("v1", A1, FW, 1_000));

        h.frameworkHeartbeat(FW);
        assertThat(statuses(h.send(new MasterInput.Reconcile(FW, List.of()))))
                .extracting(TaskStatus::state).containsExactly(TaskState.RUNNING);
        assertThat(h.frameworkView(FW).used()).isEqualTo(Resources.of(1, 256, 1_000));
    }

    @Test
    void agentRegisteringWithMoreInUseThanItsTotalIsGrownToHoldIt() {
        TaskSpec big = task("big", 6, 512);
        h.agentHeartbeat(A1, reported(FW, big, A1, TaskState.RUNNING));
        assertThat(h.agentView(A1).total().cpus()).isEqualTo(10.0);
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.of(6, 512));
    }

    @Test
    void taskTheMasterDeclaredLostIsKilledWhenItsAgentComesBack() {
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);
        h.agentHeartbeat(A1, reported(FW, t1, A1, TaskState.RUNNING));
        h.advance(Duration.ofSeconds(11));
        h.frameworkHeartbeat(FW);
        h.send(new MasterInput.Tick());
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.LOST);

        h.advance(Duration.ofSeconds(1));
        List<MasterEffect> back = h.agentHeartbeat(A1, reported(FW, t1, A1, TaskState.RUNNING));

        assertThat(only(KillTask.class, back)).containsExactly(new KillTask(A1, t1.taskId(), 5_000,
                "the master declared the task LOST while its agent was away"));
        assertThat(statuses(back)).isEmpty();
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.LOST);
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.EMPTY);
    }

    @Test
    void taskThatEndedWhileTheMasterWasAwayIsRecordedAndAcknowledged() {
        TaskSpec t1 = task("t1", 1, 512);
        List<MasterEffect> effects = h.agentHeartbeat(A1, reported(FW, t1, A1, TaskState.FINISHED));

        assertThat(effects).containsExactly(new AckTerminal(A1, t1.taskId()), new AgentRegistered(A1, EPOCH),
                new AllocateSoon());
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.FINISHED);
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.EMPTY);
    }

    @Test
    void taskAnAgentReportsWhileItsResourcesAreOfferedWithdrawsTheOfferFirst() {
        h.frameworkHeartbeat(FW);
        h.agentHeartbeat(A1);
        Offer offer = h.offer(FW, A1);

        List<MasterEffect> effects = h.agentHeartbeat(A1, reported(OTHER, task("x", 1, 512), A1, TaskState.RUNNING));

        assertThat(effects).containsExactly(new RescindOffer(FW, offer.id()));
        assertThat(h.state().outstandingOffers()).isZero();
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.of(1, 512));
        assertThat(h.state().allocation().offersRescinded()).isEqualTo(1);
    }
}
