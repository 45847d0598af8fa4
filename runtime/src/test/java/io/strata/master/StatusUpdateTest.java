package io.strata.master;

import static io.strata.master.MasterHarness.A1;
import static io.strata.master.MasterHarness.FW;
import static io.strata.master.MasterHarness.reported;
import static io.strata.master.MasterHarness.statuses;
import static io.strata.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.master.MasterEffect.AckTerminal;
import io.strata.master.MasterEffect.AllocateSoon;
import io.strata.master.MasterEffect.SendStatus;
import io.strata.master.MasterInput.ReportedTask;
import io.strata.resources.Resources;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusUpdateTest {

    private final MasterHarness h = new MasterHarness();
    private final TaskSpec t1 = task("t1", 1, 512);

    @Test
    void forwardTransitionIsRecordedAndToldToTheFramework() {
        h.launched(FW, A1, t1);
        List<MasterEffect> effects = h.statusUpdate(t1.taskId(), FW, A1, TaskState.RUNNING, "pid 42");

        assertThat(statuses(effects)).extracting(TaskStatus::state).containsExactly(TaskState.RUNNING);
        assertThat(h.taskStatus("t1").reason()).isEqualTo("pid 42");
    }

    @Test
    void staleAndIllegalTransitionsAreIgnored() {
        h.launched(FW, A1, t1);
        h.statusUpdate(t1.taskId(), FW, A1, TaskState.RUNNING, "pid 42");

        assertThat(h.statusUpdate(t1.taskId(), FW, A1, TaskState.STARTING, "late")).isEmpty();
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.RUNNING);

        h.statusUpdate(t1.taskId(), FW, A1, TaskState.KILLED, "killed by signal 15");
        assertThat(h.statusUpdate(t1.taskId(), FW, A1, TaskState.RUNNING, "zombie")).isEmpty();
        assertThat(h.statusUpdate(t1.taskId(), FW, A1, TaskState.FINISHED, "exited with code 0")).isEmpty();
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.KILLED);
    }

    @Test
    void finishedStraightFromStagingIsIgnored() {
        h.launched(FW, A1, t1);
        assertThat(h.statusUpdate(t1.taskId(), FW, A1, TaskState.FINISHED, "exited with code 0")).isEmpty();
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.STAGING);
    }

    @Test
    void sameStateWithNewerDetailsIsKeptWithoutTellingTheFramework() {
        h.launched(FW, A1, t1);
        h.statusUpdate(t1.taskId(), FW, A1, TaskState.RUNNING, "starting up");
        TaskStatus withPid = new TaskStatus(t1.taskId(), FW, A1, TaskState.RUNNING, "running", null, 4242L, h.now());

        assertThat(h.send(new MasterInput.StatusUpdate(withPid))).isEmpty();
        assertThat(h.taskStatus("t1")).isEqualTo(withPid);

        TaskStatus older = new TaskStatus(t1.taskId(), FW, A1, TaskState.RUNNING, "old", null, 1L, h.now() - 1);
        assertThat(h.send(new MasterInput.StatusUpdate(older))).isEmpty();
        assertThat(h.taskStatus("t1")).isEqualTo(withPid);
    }

    @Test
    void endedTaskGivesItsResourcesBackAndIsAcknowledged() {
        h.launched(FW, A1, t1);
        h.send(new MasterInput.Allocate());
        h.statusUpdate(t1.taskId(), FW, A1, TaskState.RUNNING, "pid 42");

        List<MasterEffect> effects = h.statusUpdate(t1.taskId(), FW, A1, TaskState.FINISHED, "exited with code 0");

        assertThat(effects).hasSize(3);
        assertThat(effects.get(0)).isInstanceOf(SendStatus.class);
        assertThat(effects.subList(1, 3)).containsExactly(new AckTerminal(A1, t1.taskId()), new AllocateSoon());
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.EMPTY);
        assertThat(h.agentView(A1).tasks()).isZero();
        assertThat(h.frameworkView(FW).tasks()).isZero();
    }

    @Test
    void onlyTheLatest2000EndedTasksAreRemembered() {
        List<ReportedTask> ended = new ArrayList<>();
        for (int i = 0; i < TaskBook.COMPLETED_TASKS_KEPT + 5; i++) {
            ended.add(reported(FW, task("t" + i, 1, 512), A1, TaskState.FINISHED));
        }
        h.agentHeartbeat(A1, ended.toArray(ReportedTask[]::new));

        assertThat(h.state().tasks()).hasSize(TaskBook.COMPLETED_TASKS_KEPT);
        assertThat(h.state().tasks().get(0).spec().taskId().value()).isEqualTo("t5");
    }
}
