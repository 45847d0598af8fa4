package io.strata.master;

import static io.strata.master.MasterHarness.A1;
import static io.strata.master.MasterHarness.A2;
import static io.strata.master.MasterHarness.AGENT_TOTAL;
import static io.strata.master.MasterHarness.FW;
import static io.strata.master.MasterHarness.only;
import static io.strata.master.MasterHarness.reported;
import static io.strata.master.MasterHarness.statuses;
import static io.strata.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.master.MasterEffect.AgentLost;
import io.strata.master.MasterEffect.FrameworkError;
import io.strata.master.MasterEffect.KillTask;
import io.strata.master.MasterEffect.LaunchTasks;
import io.strata.master.QuorumGate.Phase;
import io.strata.resources.Offer;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The quorum gate alone (membership in, decisions out) and in front of the real master core, as
 * {@code MasterActor} puts it: every input through {@link QuorumGate#admit}, every effect through
 * {@link QuorumGate#outgoing}. Time is the harness's fake clock.
 */
class QuorumGateTest {

    private static final String M1 = "m1";
    private static final String M2 = "m2";
    private static final String M3 = "m3";
    private static final long SETTLE = MasterHarness.SETTINGS.reregistrationGrace().toMillis();

    private final MasterHarness h = new MasterHarness();
    private final QuorumGate gate = new QuorumGate(SETTLE);

    // ---- counting master nodes

    @Test
    void noQuorumBeforeTheMembershipIsKnown() {
        assertThat(gate.hasQuorum()).isFalse();
        assertThat(gate.admit(new MasterInput.Tick(), h.now()).input()).isNull();
    }

    @Test
    void oneUnreachableMasterOfThreeLeavesAQuorum() {
        threeMasters();
        gate.unreachable(M2, h.now());
        assertThat(gate.hasQuorum()).isTrue();
        assertThat(gate.describe()).isEqualTo("2 of 3 reachable");
        gate.unreachable(M3, h.now());
        assertThat(gate.hasQuorum()).isFalse();
        assertThat(gate.describe()).isEqualTo("1 of 3 reachable");
    }

    @Test
    void aCrashedMasterStopsCountingOnceDownedSoTheNextLossIsJudgedAmongTheRest() {
        threeMasters();
        gate.unreachable(M1, h.now());
        gate.member(M1, true, Phase.DOWN, h.now());
        assertThat(gate.describe()).isEqualTo("2 of 2 reachable");
        gate.member(M1, true, Phase.REMOVED, h.now());
        assertThat(gate.describe()).isEqualTo("2 of 2 reachable");
        assertThat(gate.hasQuorum()).isTrue();

        gate.unreachable(M3, h.now());
        assertThat(gate.hasQuorum()).as("1 of 2 is no majority").isFalse();
    }

    @Test
    void joiningMastersAndOtherRolesDoNotCount() {
        gate.snapshot(Map.of(M1, Phase.UP, M2, Phase.JOINING, M3, Phase.JOINING), Set.of(M2, M3), h.now());
        assertThat(gate.hasQuorum()).isTrue();
        assertThat(gate.describe()).isEqualTo("1 of 1 reachable");
        gate.member("agent-node", false, Phase.UP, h.now());
        gate.unreachable("agent-node", h.now());
        assertThat(gate.describe()).isEqualTo("1 of 1 reachable");
        gate.member(M2, true, Phase.UP, h.now());
        assertThat(gate.hasQuorum()).as("1 of 2 after the unreachable joiner is up").isFalse();
    }

    // ---- in front of the core

    @Test
    void withoutQuorumALaunchIsAnsweredLostWithTheReasonAndItsResourcesStayFree() {
        threeMasters();
        h.frameworkHeartbeat(FW);
        through(new MasterInput.AgentHeartbeat(A1, "host-a1", AGENT_TOTAL, Map.of(), List.of(), List.of(), "c1"));
        Offer offer = h.offer(FW, A1);
        partitionFromTheOthers();

        TaskSpec t1 = task("t1", 1, 512);
        List<MasterEffect> out = through(new MasterInput.Accept(FW, offer.id(), List.of(t1)));

        assertThat(only(LaunchTasks.class, out)).isEmpty();
        assertThat(statuses(out)).singleElement().satisfies(s -> {
            assertThat(s.taskId()).isEqualTo(t1.taskId());
            assertThat(s.state()).isEqualTo(TaskState.LOST);
            assertThat(s.reason()).isEqualTo("master has no quorum of master nodes (1 of 3 reachable)");
        });
        assertThat(h.state().tasks()).isEmpty();
        assertThat(through(new MasterInput.Allocate())).as("no offers without quorum").isEmpty();

        heal();
        Offer again = h.offer(FW, A1);
        assertThat(again.resources()).as("the declined offer's resources are offered again").isEqualTo(AGENT_TOTAL);
        assertThat(only(LaunchTasks.class, through(new MasterInput.Accept(FW, again.id(), List.of(t1)))))
                .singleElement().satisfies(l -> assertThat(l.tasks()).containsExactly(t1));
    }

    @Test
    void withAQuorumLaunchesPassUnchanged() {
        threeMasters();
        gate.unreachable(M3, h.now());
        h.frameworkHeartbeat(FW);
        through(new MasterInput.AgentHeartbeat(A1, "host-a1", AGENT_TOTAL, Map.of(), List.of(), List.of(), "c1"));
        Offer offer = h.offer(FW, A1);
        assertThat(only(LaunchTasks.class, through(new MasterInput.Accept(FW, offer.id(), List.of(task("t1", 1, 512))))))
                .hasSize(1);
    }

    @Test
    void killsTeardownsAndVolumeDestroysAreRefusedWithTheReasonAndKillNothing() {
        threeMasters();
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);
        partitionFromTheOthers();

        for (MasterInput request : List.of(new MasterInput.Kill(FW, t1.taskId()), new MasterInput.Teardown(FW),
                new MasterInput.DestroyVolume(FW, "v1"))) {
            List<MasterEffect> out = through(request);
            assertThat(only(KillTask.class, out)).isEmpty();
            assertThat(only(FrameworkError.class, out)).singleElement().satisfies(e ->
                    assertThat(e.message()).endsWith("master has no quorum of master nodes (1 of 3 reachable); ask again later"));
        }
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.STAGING);
        assertThat(h.frameworkView(FW)).isNotNull();
    }

    @Test
    void agentsAMasterWithoutQuorumCannotHearAreNotDeclaredLostAndTheirTasksKeepRunning() {
        threeMasters();
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);
        through(new MasterInput.AgentHeartbeat(A1, "host-a1", AGENT_TOTAL, Map.of(),
                List.of(reported(FW, t1, A1, TaskState.RUNNING)), List.of(), "conn-a1-1"));
        partitionFromTheOthers();

        List<MasterEffect> duringPartition = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            h.advance(Duration.ofSeconds(1));
            duringPartition.addAll(through(new MasterInput.Tick()));
        }
        assertThat(duringPartition).isEmpty();

        heal();
        // Ticks only allocate until the agent has had the re-registration grace to be heard again.
        h.advance(Duration.ofSeconds(2));
        assertThat(only(AgentLost.class, through(new MasterInput.Tick()))).isEmpty();
        through(new MasterInput.AgentHeartbeat(A1, "host-a1", AGENT_TOTAL, Map.of(),
                List.of(reported(FW, t1, A1, TaskState.RUNNING)), List.of(), "conn-a1-1"));
        h.advance(Duration.ofMillis(SETTLE));
        List<MasterEffect> after = through(new MasterInput.Tick());
        assertThat(only(AgentLost.class, after)).isEmpty();
        assertThat(statuses(after)).isEmpty();
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void withQuorumTheTimerRunsEveryTimeoutAsUsual() {
        threeMasters();
        gate.unreachable(M3, h.now());
        h.launched(FW, A1, task("t1", 1, 512));
        h.advance(Duration.ofSeconds(11));

        List<MasterEffect> out = through(new MasterInput.Tick());

        assertThat(only(AgentLost.class, out)).singleElement().satisfies(l -> assertThat(l.agentId()).isEqualTo(A1));
    }

    @Test
    void anAgentStillSilentOnceTheGraceAfterQuorumIsOverIsLostAsUsual() {
        threeMasters();
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A2, t1);
        partitionFromTheOthers();
        h.advance(Duration.ofSeconds(30));
        heal();
        h.advance(Duration.ofMillis(SETTLE - 1));
        assertThat(only(AgentLost.class, through(new MasterInput.Tick()))).isEmpty();
        h.advance(Duration.ofMillis(1));

        List<MasterEffect> out = through(new MasterInput.Tick());

        assertThat(only(AgentLost.class, out)).singleElement().satisfies(l -> assertThat(l.agentId()).isEqualTo(A2));
        assertThat(statuses(out)).extracting(TaskStatus::state).containsExactly(TaskState.LOST);
    }

    @Test
    void killsTheCoreDecidesOnItsOwnWithoutQuorumAreHeldAndSentWhenQuorumReturns() {
        threeMasters();
        partitionFromTheOthers();
        KillTask kill = new KillTask(A1, TaskId.of("t1"), 5000, "the master declared the task LOST");
        MasterEffect registered = new MasterEffect.AgentRegistered(A1, "e1");

        assertThat(gate.outgoing(List.of(registered, kill))).containsExactly(registered);

        assertThat(gate.reachable(M2, h.now())).containsExactly(kill);
        assertThat(gate.outgoing(List.of(kill))).containsExactly(kill);
        assertThat(gate.unreachable(M2, h.now())).isEmpty();
        assertThat(gate.reachable(M2, h.now())).as("released once").isEmpty();
    }

    @Test
    void aLaunchesSentWithoutQuorumWaitsBehindTheLaunchesItVouchesFor() {
        threeMasters();
        partitionFromTheOthers();
        MasterEffect launch = new LaunchTasks(A1, FW, List.of(task("t1", 1, 512)), "e1", 1);
        MasterEffect sent = new MasterEffect.LaunchesSent(A1, "e1", 1);

        assertThat(gate.outgoing(List.of(launch, sent))).isEmpty();

        assertThat(gate.reachable(M2, h.now())).containsExactly(launch, sent);
    }

    // ---- helpers

    private void threeMasters() {
        gate.snapshot(Map.of(M1, Phase.UP, M2, Phase.UP, M3, Phase.UP), Set.of(), h.now());
        assertThat(gate.hasQuorum()).isTrue();
    }

    /** This master (on M1) can no longer reach the other two master nodes. */
    private void partitionFromTheOthers() {
        gate.unreachable(M2, h.now());
        gate.unreachable(M3, h.now());
        assertThat(gate.hasQuorum()).isFalse();
    }

    private void heal() {
        gate.reachable(M2, h.now());
        gate.reachable(M3, h.now());
        assertThat(gate.hasQuorum()).isTrue();
    }

    /** As MasterActor: the gate's answers, then the core's effects as far as the gate lets them out. */
    private List<MasterEffect> through(MasterInput input) {
        QuorumGate.Admission admission = gate.admit(input, h.now());
        List<MasterEffect> out = new ArrayList<>(admission.answers());
        if (admission.input() != null) {
            out.addAll(gate.outgoing(h.send(admission.input())));
        }
        return out;
    }
}
