package io.strata.master;

import static io.strata.master.MasterHarness.A1;
import static io.strata.master.MasterHarness.FW;
import static io.strata.master.MasterHarness.OTHER;
import static io.strata.master.MasterHarness.reported;
import static io.strata.master.MasterHarness.statuses;
import static io.strata.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.master.MasterEffect.KillTask;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KillAndReconcileTest {

    private final MasterHarness h = new MasterHarness();

    @Test
    void killOfARunningTaskGoesToItsAgentNamingTheRequester() {
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);

        assertThat(h.send(new MasterInput.Kill(FW, t1.taskId())))
                .containsExactly(new KillTask(A1, t1.taskId(), 5_000, "killed on request of fw-name"));
        assertThat(h.taskStatus("t1").state()).as("ended only when the agent says so").isEqualTo(TaskState.STAGING);
    }

    @Test
    void aKillCarriesTheGraceItWasAskedForInsteadOfTheMastersDefault() {
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);

        assertThat(h.send(new MasterInput.Kill(FW, t1.taskId(), 30_000L)))
                .containsExactly(new KillTask(A1, t1.taskId(), 30_000, "killed on request of fw-name"));
        assertThat(h.send(new MasterInput.Kill(FW, t1.taskId(), 0L)))
                .as("a repeated kill may shorten the grace (the agent keeps the first it got)")
                .containsExactly(new KillTask(A1, t1.taskId(), 0, "killed on request of fw-name"));
    }

    @Test
    void killOfATaskUnknownToTheMasterIsAnsweredLost() {
        h.frameworkHeartbeat(FW);

        assertThat(statuses(h.send(new MasterInput.Kill(FW, TaskId.of("nope"))))).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(TaskState.LOST);
            assertThat(s.reason()).isEqualTo("kill of a task unknown to the master");
        });
    }

    @Test
    void killOfAnotherFrameworksTaskIsAnsweredAsUnknown() {
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);
        h.frameworkHeartbeat(OTHER);

        List<MasterEffect> effects = h.send(new MasterInput.Kill(OTHER, t1.taskId()));
        assertThat(statuses(effects)).extracting(TaskStatus::reason)
                .containsExactly("kill of a task unknown to the master");
        assertThat(MasterHarness.only(KillTask.class, effects)).isEmpty();
    }

    @Test
    void killOfAnEndedTaskRepeatsItsLastStatus() {
        TaskSpec t1 = task("t1", 1, 512);
        h.launched(FW, A1, t1);
        h.statusUpdate(t1.taskId(), FW, A1, TaskState.FAILED, "exited with code 3");

        assertThat(statuses(h.send(new MasterInput.Kill(FW, t1.taskId())))).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(TaskState.FAILED);
            assertThat(s.reason()).isEqualTo("exited with code 3");
        });
    }

    @Test
    void implicitReconcileAnswersEveryTaskOfTheFrameworkRunningOrEnded() {
        TaskSpec t1 = task("t1", 1, 512);
        TaskSpec t2 = task("t2", 1, 512);
        h.frameworkHeartbeat(FW);
        h.agentHeartbeat(A1);
        h.accept(FW, h.offer(FW, A1), t1, t2);
        h.statusUpdate(t2.taskId(), FW, A1, TaskState.FAILED, "command not found");

        assertThat(statuses(h.send(new MasterInput.Reconcile(FW, List.of()))))
                .extracting(s -> s.taskId().value() + "=" + s.state())
                .containsExactly("t1=STAGING", "t2=FAILED");
    }

    @Test
    void explicitReconcileOfAnUnknownTaskWaitsForTheReregistrationGrace() {
        TaskSpec t9 = task("t9", 1, 512);
        h.frameworkHeartbeat(FW);
        h.advance(Duration.ofSeconds(1));
        assertThat(h.send(new MasterInput.Reconcile(FW, List.of(t9.taskId(), TaskId.of("gone"))))).isEmpty();

        h.advance(Duration.ofSeconds(4));
        h.frameworkHeartbeat(FW);
        assertThat(statuses(h.send(new MasterInput.Tick()))).isEmpty();
        h.agentHeartbeat(A1, reported(FW, t9, A1, TaskState.RUNNING));

        h.advance(Duration.ofSeconds(5));
        h.frameworkHeartbeat(FW);
        assertThat(statuses(h.send(new MasterInput.Tick())))
                .extracting(s -> s.taskId().value() + "=" + s.state() + " " + s.reason())
                .containsExactly("t9=RUNNING reported by a1",
                        "gone=LOST no agent reports this task (unknown to the master after re-registration)");

        h.advance(Duration.ofSeconds(1));
        assertThat(statuses(h.send(new MasterInput.Tick()))).as("answered once").isEmpty();
    }

    @Test
    void explicitReconcileAfterTheGraceAnswersUnknownTasksLostAtOnce() {
        h.advance(Duration.ofSeconds(10));
        h.frameworkHeartbeat(FW);

        assertThat(statuses(h.send(new MasterInput.Reconcile(FW, List.of(TaskId.of("gone"))))))
                .singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(TaskState.LOST));
    }

    @Test
    void reconcileOfAnUnregisteredFrameworkIsIgnored() {
        assertThat(h.send(new MasterInput.Reconcile(FW, List.of(TaskId.of("t1"))))).isEmpty();
        assertThat(h.send(new MasterInput.Reconcile(FW, List.of()))).isEmpty();
    }
}
