package io.strata.spark;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutorPlanTest {

    static final Resources EXECUTOR = Resources.of(0.5, 640);

    static TaskStatus status(ExecutorPlan plan, String executorId, TaskState state) {
        return new TaskStatus(plan.taskIdOf(executorId), FrameworkId.of("app"), AgentId.of("a1"), state, "because",
                null, null, 0);
    }

    @Test
    void launchesOnlyWhatIsMissingAndWhatFitsTheOffer() {
        ExecutorPlan plan = new ExecutorPlan("app", 3);
        plan.retarget(3, Set.of());
        assertThat(plan.claim("a1", Resources.of(1.2, 4096), EXECUTOR)).containsExactly("1", "2");
        assertThat(plan.claim("a2", Resources.of(4, 4096), EXECUTOR)).containsExactly("3");
        assertThat(plan.missing()).isZero();
        assertThat(plan.taskIdOf("3")).isEqualTo(TaskId.of("app-exec-3"));
    }

    @Test
    void aDroppingTargetCancelsStartingExecutorsNewestFirstButNeverRegisteredOnes() {
        ExecutorPlan plan = new ExecutorPlan("app", 3);
        plan.retarget(3, Set.of());
        plan.claim("a1", Resources.of(4, 4096), EXECUTOR);
        List<TaskId> cancel = plan.retarget(0, Set.of("1"));
        assertThat(cancel).containsExactly(TaskId.of("app-exec-3"), TaskId.of("app-exec-2"));
        assertThat(plan.missing()).isZero();
    }

    @Test
    void aLostExecutorIsReplacedButOneSparkKilledIsNot() {
        ExecutorPlan plan = new ExecutorPlan("app", 3);
        plan.retarget(2, Set.of());
        plan.claim("a1", Resources.of(4, 4096), EXECUTOR);
        plan.retarget(2, Set.of("1", "2"));
        plan.update(status(plan, "1", TaskState.FAILED));
        assertThat(plan.missing()).isEqualTo(1);
        assertThat(plan.kill(List.of("2"))).containsExactly(TaskId.of("app-exec-2"));
        plan.retarget(1, Set.of("2"));
        assertThat(plan.missing()).isEqualTo(1);
        assertThat(plan.problem()).isNull();
    }

    @Test
    void executorsThatKeepFailingBeforeRegisteringStopTheLaunchesWithAReason() {
        ExecutorPlan plan = new ExecutorPlan("app", 2);
        plan.retarget(1, Set.of());
        plan.update(status(plan, plan.claim("a1", Resources.of(4, 4096), EXECUTOR).get(0), TaskState.FAILED));
        plan.update(status(plan, plan.claim("a1", Resources.of(4, 4096), EXECUTOR).get(0), TaskState.FAILED));
        assertThat(plan.missing()).isZero();
        assertThat(plan.problem()).contains("2 executors failed before reaching the driver").contains("because");
    }

    @Test
    void executorsOfAnEarlierFrameworkInstanceAreAdoptedNotDuplicated() {
        ExecutorPlan plan = new ExecutorPlan("app", 3);
        plan.update(status(plan, "7", TaskState.RUNNING));
        plan.retarget(2, Set.of("7"));
        assertThat(plan.claim("a1", Resources.of(4, 4096), EXECUTOR)).containsExactly("8");
    }
}
