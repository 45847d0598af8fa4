package io.strata.agent.process;

import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Command health checks with real processes: {@code sh -c} in the task's sandbox with the task's
 * environment, passing on exit 0; a check past its timeout is killed (with its children: the support
 * class fails the test if any process is left) and fails; a task that is not running cannot be checked.
 */
class TaskCheckTest extends ProcessTestSupport {

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void passesOnExitZeroInTheSandboxWithTheTasksEnvironmentAndFailsOtherwise() throws Exception {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("checked");
        s.launch(FRAMEWORK, shell(id, "touch ready; exec sleep 1000").withEnv(Map.of("PORT_HTTP", "31234")));
        awaitStatus(s, id, TaskState.RUNNING, TIMEOUT);
        awaitCondition("the task wrote its file", TIMEOUT, () -> Files.exists(s.sandbox(id).orElseThrow().resolve("ready")));

        TaskCheck.Result ok = TaskCheck.run(s, id, "test \"$PORT_HTTP\" = 31234 && test \"$(pwd)\" = \"$STRATA_SANDBOX\" "
                + "&& test -f ready && echo fine", CHECK_TIMEOUT);
        TaskCheck.Result bad = TaskCheck.run(s, id, "echo 'not ready'; exit 3", CHECK_TIMEOUT);

        assertThat(ok.passed()).as(ok.toString()).isTrue();
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.output()).isEqualTo("fine");
        assertThat(bad.passed()).isFalse();
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.output()).isEqualTo("not ready");
        assertThat(bad.error()).isNull();
        assertThat(s.status(id).orElseThrow().state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void aCheckPastItsTimeoutIsKilledWithItsChildrenAndFails() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("slow-check");
        s.launch(FRAMEWORK, shell(id, "exec sleep 1000"));
        awaitStatus(s, id, TaskState.RUNNING, TIMEOUT);

        TaskCheck.Result r = TaskCheck.run(s, id, "echo started; sleep 600 & wait", Duration.ofMillis(500));

        assertThat(r.passed()).isFalse();
        assertThat(r.exitCode()).isNull();
        assertThat(r.error()).isEqualTo("timed out after 500 ms");
        assertThat(r.output()).isEqualTo("started");
    }

    @Test
    void anUnknownOrEndedTaskCannotBeCheckedAndSaysWhy() {
        ProcessSupervisor s = newSupervisor();
        TaskId done = newTaskId("done");
        s.launch(FRAMEWORK, shell(done, "exit 0"));
        awaitStatus(s, done, TaskState.FINISHED, TIMEOUT);

        TaskCheck.Result unknown = TaskCheck.run(s, TaskId.of("no-such-task"), "true", CHECK_TIMEOUT);
        TaskCheck.Result ended = TaskCheck.run(s, done, "true", CHECK_TIMEOUT);

        assertThat(unknown.passed()).isFalse();
        assertThat(unknown.error()).isEqualTo("no task with id 'no-such-task' on agent-test");
        assertThat(ended.passed()).isFalse();
        assertThat(ended.error()).isEqualTo("task " + done + " is FINISHED, not RUNNING");
    }

    @Test
    void onAnAgentRunningAsRootTheCheckRunsAsTheTasksUser() {
        TaskUsers users = TaskUsers.forAgent(null);
        StatusRecorder recorder = new StatusRecorder();
        ProcessSupervisor s = new ProcessSupervisor(AGENT, "test-host", workDir, Clock.systemUTC(), recorder,
                Cgroups.detect(AGENT), users);
        register(s, recorder);
        TaskId id = newTaskId("user-check");
        s.launch(FRAMEWORK, shell(id, "exec sleep 1000"));
        awaitStatus(s, id, TaskState.RUNNING, TIMEOUT);

        TaskCheck.Result r = TaskCheck.run(s, id, "id -u; touch in-sandbox && echo wrote", CHECK_TIMEOUT);

        assertThat(r.passed()).as(r.toString()).isTrue();
        String expectedUid = users.switching() ? Integer.toString(users.taskUser().uid())
                : Integer.toString(TaskUsers.currentUid());
        assertThat(r.output()).isEqualTo(expectedUid + "\nwrote");
        if (TaskUsers.currentUid() == 0) {
            assertThat(r.output()).doesNotStartWith("0\n");
        }
    }
}
