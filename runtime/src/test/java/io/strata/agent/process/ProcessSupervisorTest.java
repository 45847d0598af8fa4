package io.strata.agent.process;

import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessSupervisorTest extends ProcessTestSupport {

    @Test
    void sleepRunsWithAPidThenFinishesWithCodeZero() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("sleep");
        s.launch(FRAMEWORK, spec(id, "sleep", "0.2"));

        TaskStatus running = awaitStatus(s, id, TaskState.RUNNING, TIMEOUT);
        assertThat(running.pid()).isPositive();
        TaskStatus finished = awaitStatus(s, id, TaskState.FINISHED, TIMEOUT);

        assertThat(finished.exitCode()).isZero();
        assertThat(finished.reason()).isEqualTo("exited with code 0");
        assertThat(finished.pid()).isNull();
        assertThat(finished.agentId()).isEqualTo(AGENT);
        assertThat(finished.frameworkId()).isEqualTo(FRAMEWORK);
        assertThat(recorder(s).statesOf(id)).containsExactly(TaskState.STARTING, TaskState.RUNNING, TaskState.FINISHED);
        assertThat(s.status(id)).contains(finished);
    }

    @Test
    void nonZeroExitFailsWithTheCodeAndTheEndOfStderr() throws Exception {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("exit3");
        s.launch(FRAMEWORK, shell(id, "echo hi; echo oops >&2; exit 3"));

        TaskStatus failed = awaitStatus(s, id, TaskState.FAILED, TIMEOUT);

        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.reason()).isEqualTo("exited with code 3; stderr: oops");
        Path sandbox = s.sandbox(id).orElseThrow();
        assertThat(Files.readString(sandbox.resolve("stdout"))).isEqualTo("hi\n");
        assertThat(Files.readString(sandbox.resolve("stderr"))).isEqualTo("oops\n");
    }

    @Test
    void unknownCommandFailsAtOnceWithoutStartingAProcess() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("nope");
        s.launch(FRAMEWORK, spec(id, "no-such-command-strata"));

        TaskStatus failed = awaitStatus(s, id, TaskState.FAILED, Duration.ofSeconds(2));

        assertThat(failed.reason()).isEqualTo("command not found: no-such-command-strata");
        assertThat(failed.exitCode()).isNull();
        assertThat(recorder(s).statesOf(id)).containsExactly(TaskState.STARTING, TaskState.FAILED);
    }

    @Test
    void nonExecutableFileIsNotACommand() throws Exception {
        ProcessSupervisor s = newSupervisor();
        Path script = Files.writeString(workDir.resolve("not-executable.sh"), "exit 0\n");
        TaskId id = newTaskId("noexec");
        s.launch(FRAMEWORK, spec(id, script.toString()));

        TaskStatus failed = awaitStatus(s, id, TaskState.FAILED, Duration.ofSeconds(2));

        assertThat(failed.reason()).isEqualTo("command not found: " + script);
    }

    @Test
    void environmentHasPortsHostAndStrataVariablesAndLittleElse() throws Exception {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("env");
        Resources resources = Resources.of(0.25, 64, 0, PortRanges.parse("31005,31000-31001"));
        s.launch(FRAMEWORK, new TaskSpec(id, "env", "env", List.of(), Map.of("GREETING", "hello world"),
                resources, Map.of()));

        awaitStatus(s, id, TaskState.FINISHED, TIMEOUT);

        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(s.sandbox(id).orElseThrow().resolve("stdout"))) {
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        Path sandbox = s.sandbox(id).orElseThrow();
        assertThat(env).containsEntry("PORT0", "31000").containsEntry("PORT1", "31001")
                .containsEntry("PORT2", "31005").containsEntry("PORTS", "31000,31001,31005")
                .containsEntry("HOST", "test-host")
                .containsEntry("STRATA_SANDBOX", sandbox.toString())
                .containsEntry("STRATA_TASK_ID", id.value())
                .containsEntry("STRATA_FRAMEWORK_ID", FRAMEWORK.value())
                .containsEntry("STRATA_AGENT_ID", AGENT.value())
                .containsEntry("STRATA_MEM_MB", "64")
                .containsEntry("STRATA_CPUS", "0.25")
                .containsEntry("GREETING", "hello world")
                .containsKey("PATH");
        Set<String> allowed = Set.of("PATH", "HOME", "LANG", "JAVA_HOME", "PWD", "SHLVL", "_", "GREETING", "HOST",
                "PORTS", "PORT0", "PORT1", "PORT2", "STRATA_SANDBOX", "STRATA_TASK_ID", "STRATA_FRAMEWORK_ID",
                "STRATA_AGENT_ID", "STRATA_MEM_MB", "STRATA_CPUS");
        assertThat(allowed).containsAll(env.keySet());
    }

    @Test
    void workingDirectoryIsTheSandbox() throws Exception {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("pwd");
        s.launch(FRAMEWORK, spec(id, "pwd"));

        awaitStatus(s, id, TaskState.FINISHED, TIMEOUT);

        Path sandbox = s.sandbox(id).orElseThrow();
        assertThat(sandbox).isEqualTo(workDir.resolve("sandboxes").resolve(FRAMEWORK.value()).resolve(id.value()));
        assertThat(Files.readString(sandbox.resolve("stdout")).trim()).isEqualTo(sandbox.toString());
    }

    @Test
    void pathsWithQuotesAndSpacesReachTheWrapperIntact() throws Exception {
        ProcessSupervisor s = newSupervisor(workDir.resolve("it's a \"dir\""), Cgroups.detect(AGENT));
        TaskId id = newTaskId("quoted");
        s.launch(FRAMEWORK, spec(id, "sh", "-c", "echo \"$1\"; exit 5", "task", "'quoted' arg"));

        TaskStatus failed = awaitStatus(s, id, TaskState.FAILED, TIMEOUT);

        Path sandbox = s.sandbox(id).orElseThrow();
        assertThat(failed.exitCode()).isEqualTo(5);
        assertThat(Files.readString(sandbox.resolve(".exit")).trim()).isEqualTo("5");
        assertThat(Files.readString(sandbox.resolve("stdout"))).isEqualTo("'quoted' arg\n");
    }

    @Test
    void readLogPagesThroughAStreamByOffset() throws Exception {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("log");
        s.launch(FRAMEWORK, shell(id, "printf 'hello world'; printf '\\303\\274n\\303\\257code' >&2"));
        awaitStatus(s, id, TaskState.FINISHED, TIMEOUT);

        assertThat(s.readLog(id, "stdout", 0, 5)).isEqualTo(new LogChunk("hello", 5, false));
        assertThat(s.readLog(id, "stdout", 5, 100)).isEqualTo(new LogChunk(" world", 11, true));
        assertThat(s.readLog(id, "stdout", 11, 100)).isEqualTo(new LogChunk("", 11, true));
        // stderr is "ünïcode"; "ü" and "ï" take two bytes each, and a page never splits one
        assertThat(s.readLog(id, "stderr", 0, 4)).isEqualTo(new LogChunk("\u00fcn", 3, false));
        assertThat(s.readLog(id, "stderr", 3, 100)).isEqualTo(new LogChunk("\u00efcode", 9, true));
        assertThatThrownBy(() -> s.readLog(TaskId.of("unknown"), "stdout", 0, 10))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> s.readLog(id, "syslog", 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endedTaskIsKeptUntilForgottenAndItsSandboxStays() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("forget");
        s.launch(FRAMEWORK, spec(id, "true"));
        TaskStatus finished = awaitStatus(s, id, TaskState.FINISHED, TIMEOUT);
        Path checkpoint = workDir.resolve("meta/tasks/" + id.value() + ".json");
        Path sandbox = s.sandbox(id).orElseThrow();
        assertThat(s.statuses()).containsExactly(finished);
        assertThat(checkpoint).exists();

        s.forget(id);

        assertThat(s.statuses()).isEmpty();
        assertThat(s.status(id)).isEmpty();
        assertThat(checkpoint).doesNotExist();
        assertThat(sandbox.resolve("stdout")).exists();
    }

    @Test
    void liveTaskCannotBeForgottenNorLaunchedTwice() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("live");
        s.launch(FRAMEWORK, spec(id, "sleep", "1000"));
        TaskStatus running = awaitStatus(s, id, TaskState.RUNNING, TIMEOUT);

        s.launch(FRAMEWORK, spec(id, "sleep", "1"));

        assertThatThrownBy(() -> s.forget(id)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kill it before forgetting it");
        assertThat(s.status(id).orElseThrow().pid()).isEqualTo(running.pid());
        assertThat(recorder(s).statesOf(id)).containsExactly(TaskState.STARTING, TaskState.RUNNING);
    }
}
