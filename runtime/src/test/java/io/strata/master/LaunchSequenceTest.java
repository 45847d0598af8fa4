package io.strata.master;

import static io.strata.master.MasterHarness.A1;
import static io.strata.master.MasterHarness.EPOCH;
import static io.strata.master.MasterHarness.FW;
import static io.strata.master.MasterHarness.only;
import static io.strata.master.MasterHarness.reported;
import static io.strata.master.MasterHarness.statuses;
import static io.strata.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.master.MasterEffect.AckTerminal;
import io.strata.master.MasterEffect.AgentRegistered;
import io.strata.master.MasterEffect.LaunchTasks;
import io.strata.master.MasterEffect.LaunchesSent;
import io.strata.resources.Resources;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A task missing from its agent's heartbeat is LOST only once the heartbeat's echoed launch
 * number shows the launch reached the agent (or never will), however late the heartbeat arrives.
 */
class LaunchSequenceTest {

    private final MasterHarness h = new MasterHarness();

    /**
     * Today's race, as it was: the agent sent this heartbeat before the launch reached it, and the
     * heartbeat was handled 3.001 s after the launch, past the old grace of two heartbeat intervals
     * and a second. The old master declared the task LOST ("agent a1 no longer reports the task");
     * the echo (no launch received yet) shows the launch is still on its way.
     */
    @Test
    void aHeartbeatSentBeforeTheLaunchReachedTheAgentDoesNotLoseTheTaskHoweverLateItArrives() {
        TaskSpec t1 = task("t1", 1, 512);
        h.frameworkHeartbeat(FW);
        h.agentHeartbeatEchoing(A1, "conn-a1-1", null, 0);
        assertThat(only(LaunchTasks.class, h.accept(FW, h.offer(FW, A1), t1)))
                .containsExactly(new LaunchTasks(A1, FW, List.of(t1), EPOCH, 1));

        h.advance(Duration.ofMillis(3_001));
        assertThat(statuses(h.agentHeartbeatEchoing(A1, "conn-a1-1", null, 0))).isEmpty();
        h.advance(Duration.ofSeconds(60));
        assertThat(statuses(h.agentHeartbeatEchoing(A1, "conn-a1-1", null, 0))).isEmpty();

        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.STAGING);
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.of(1, 512));
    }

    @Test
    void aHeartbeatEchoingTheTasksLaunchWithoutTheTaskLosesItAtOnceWithTheNumbers() {
        TaskSpec t1 = task("t1", 1, 512);
        TaskSpec t2 = task("t2", 1, 512);
        h.launched(FW, A1, t1);
        h.advance(Duration.ofSeconds(6));
        h.accept(FW, h.offer(FW, A1), t2);

        List<MasterEffect> effects = h.agentHeartbeatEchoing(A1, 2, reported(FW, t2, A1, TaskState.RUNNING));

        assertThat(statuses(effects)).extracting(TaskStatus::taskId).containsExactly(t2.taskId(), t1.taskId());
        assertThat(statuses(effects).get(1)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(TaskState.LOST);
            assertThat(s.reason()).isEqualTo(
                    "agent a1 does not report the task after its launch #1 (the agent has had every launch up to #2)");
        });
        assertThat(effects).contains(new AckTerminal(A1, t1.taskId()));
        assertThat(h.taskStatus("t2").state()).isEqualTo(TaskState.RUNNING);
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.of(1, 512));
    }

    @Test
    void aHeartbeatEchoingAnEarlierLaunchKeepsTheLaterOnesWaiting() {
        TaskSpec t1 = task("t1", 1, 512);
        TaskSpec t2 = task("t2", 1, 512);
        h.launched(FW, A1, t1);
        h.advance(Duration.ofSeconds(6));
        h.accept(FW, h.offer(FW, A1), t2);

        List<MasterEffect> effects = h.agentHeartbeatEchoing(A1, 1, reported(FW, t1, A1, TaskState.RUNNING));

        assertThat(statuses(effects)).extracting(TaskStatus::state).containsExactly(TaskState.RUNNING);
        assertThat(h.taskStatus("t2").state()).isEqualTo(TaskState.STAGING);
    }

    @Test
    void aHeartbeatWithoutAnEchoLosesNoLaunchedTask() {
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);

        h.advance(Duration.ofSeconds(60));
        List<MasterEffect> effects = h.agentHeartbeat(A1);

        assertThat(statuses(effects)).isEmpty();
        assertThat(only(LaunchesSent.class, effects)).isEmpty();
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.STAGING);
    }

    @Test
    void anAdoptedTaskTheAgentNoLongerReportsIsLost() {
        TaskSpec t0 = task("t0", 1, 512);
        h.agentHeartbeat(A1, reported(FW, t0, A1, TaskState.RUNNING));
        h.frameworkHeartbeat(FW);

        List<MasterEffect> effects = h.agentHeartbeat(A1);

        assertThat(statuses(effects)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(TaskState.LOST);
            assertThat(s.reason()).isEqualTo("agent a1 no longer reports the task");
        });
    }

    /** A launch message dropped on the way: the agent's echo would stay below it forever. */
    @Test
    void aLaunchStillUnsettledAfterAWholeHeartbeatIsVouchedForAndThenLost() {
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);

        // Crossed the launch: nothing to ask yet.
        assertThat(h.agentHeartbeatEchoing(A1, "conn-a1-1", null, 0)).isEmpty();
        // The launch was issued before the previous heartbeat and is still not echoed.
        assertThat(h.agentHeartbeatEchoing(A1, "conn-a1-1", null, 0))
                .containsExactly(new LaunchesSent(A1, EPOCH, 1));
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.STAGING);

        // The agent had it not when LaunchesSent came (which arrives after the launch).
        List<MasterEffect> effects = h.agentHeartbeatEchoing(A1, 1);
        assertThat(statuses(effects)).extracting(TaskStatus::state).containsExactly(TaskState.LOST);
        assertThat(only(LaunchesSent.class, effects)).isEmpty();
    }

    @Test
    void aRestartedAgentDoesNotReportATaskLaunchedToItsPreviousRun() {
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);

        List<MasterEffect> effects = h.agentHeartbeatEchoing(A1, "conn-a1-2", null, 0);

        assertThat(effects).contains(new AgentRegistered(A1, EPOCH));
        assertThat(statuses(effects)).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(TaskState.LOST);
            assertThat(s.reason()).isEqualTo(
                    "agent a1 restarted and does not report the task (its launch, #1, went to the agent's previous run)");
        });

        // A launch to the new run waits for that run's echo.
        TaskSpec t2 = task("t2", 1, 512);
        assertThat(only(LaunchTasks.class, h.accept(FW, h.offer(FW, A1), t2)))
                .extracting(LaunchTasks::launchSeq).containsExactly(2L);
        assertThat(statuses(h.agentHeartbeatEchoing(A1, "conn-a1-2", null, 0))).isEmpty();
        assertThat(h.taskStatus("t2").state()).isEqualTo(TaskState.STAGING);
    }

    /**
     * Failover: the new master (epoch e1) adopts t0 from a heartbeat that still echoes the old
     * master's numbers (e0 #57). Those numbers are not the new master's: a heartbeat echoing e0 #57
     * after the new master's launch #1 settles nothing, only an echo of e1 does.
     */
    @Test
    void aNewMasterReadsNoLaunchAsReceivedFromTheOldMastersNumbers() {
        TaskSpec t0 = task("t0", 1, 512);
        TaskSpec t1 = task("t1", 1, 512);
        h.agentHeartbeatEchoing(A1, "conn-a1-1", "e0", 57, reported(FW, t0, A1, TaskState.RUNNING));
        h.frameworkHeartbeat(FW);
        assertThat(only(LaunchTasks.class, h.accept(FW, h.offer(FW, A1), t1)))
                .extracting(LaunchTasks::launchSeq).containsExactly(1L);

        h.advance(Duration.ofSeconds(5));
        assertThat(statuses(h.agentHeartbeatEchoing(A1, "conn-a1-1", "e0", 57,
                reported(FW, t0, A1, TaskState.RUNNING)))).isEmpty();
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.STAGING);

        assertThat(statuses(h.agentHeartbeatEchoing(A1, "conn-a1-1", EPOCH, 1,
                reported(FW, t0, A1, TaskState.RUNNING), reported(FW, t1, A1, TaskState.RUNNING))))
                .extracting(TaskStatus::state).containsExactly(TaskState.RUNNING);
        assertThat(statuses(h.agentHeartbeatEchoing(A1, "conn-a1-1", EPOCH, 1,
                reported(FW, t1, A1, TaskState.RUNNING))))
                .extracting(TaskStatus::taskId, TaskStatus::state).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(t0.taskId(), TaskState.LOST));
    }

    /** An agent this master lost and hears again: numbering goes on above what the agent has had. */
    @Test
    void anAgentHeardAgainGetsNumbersAboveTheOnesItEchoes() {
        h.frameworkHeartbeat(FW);
        h.agentHeartbeatEchoing(A1, "conn-a1-1", EPOCH, 5);

        assertThat(only(LaunchTasks.class, h.accept(FW, h.offer(FW, A1), task("t6", 1, 512))))
                .extracting(LaunchTasks::launchSeq).containsExactly(6L);
        assertThat(statuses(h.agentHeartbeatEchoing(A1, "conn-a1-1", EPOCH, 5))).isEmpty();
        assertThat(h.taskStatus("t6").state()).isEqualTo(TaskState.STAGING);
    }
}
