package io.strata.master;

import static io.strata.master.MasterHarness.A1;
import static io.strata.master.MasterHarness.FW;
import static io.strata.master.MasterHarness.OTHER;
import static io.strata.master.MasterHarness.reported;
import static io.strata.master.MasterHarness.statuses;
import static io.strata.master.MasterHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.resources.Resources;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import org.junit.jupiter.api.Test;

/**
 * Task ids are chosen by frameworks, so two frameworks may use the same one. A status of one
 * framework's task never changes another's: seen in the launch benchmark, where an ended task's
 * KILLED, still in its agent's heartbeat, killed the next framework's new task of the same id.
 */
class TaskIdAcrossFrameworksTest {

    private final MasterHarness h = new MasterHarness();

    @Test
    void anEndedTasksStatusStillInAHeartbeatDoesNotEndAnotherFrameworksTaskOfTheSameId() {
        TaskSpec first = task("t1", 1, 512);
        h.launched(FW, A1, first);
        h.statusUpdate(first.taskId(), FW, A1, TaskState.RUNNING, "running");
        h.statusUpdate(first.taskId(), FW, A1, TaskState.KILLED, "killed");
        h.send(new MasterInput.Teardown(FW));

        TaskSpec second = task("t1", 2, 1024);
        h.frameworkHeartbeat(OTHER);
        h.accept(OTHER, h.offer(OTHER, A1), second);
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.STAGING);

        // The agent has had launch #1 only and still lists the first, ended task until it is acknowledged.
        assertThat(statuses(h.agentHeartbeatEchoing(A1, 1, reported(FW, first, A1, TaskState.KILLED)))).isEmpty();
        assertThat(statuses(h.statusUpdate(first.taskId(), FW, A1, TaskState.KILLED, "killed again")))
                .as("a late status update of the first task").isEmpty();

        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.STAGING);
        assertThat(h.agentView(A1).used()).isEqualTo(Resources.of(2, 1024));

        h.agentHeartbeatEchoing(A1, 2, reported(OTHER, second, A1, TaskState.RUNNING));
        assertThat(h.taskStatus("t1").state()).isEqualTo(TaskState.RUNNING);
    }
}
