package io.strata.agent.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.resources.Volume;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessRecoveryTest extends ProcessTestSupport {

    /** Runs until a file named "release" appears in the sandbox, then exits with code 4. */
    private static final String WAIT_FOR_RELEASE = "while [ ! -e release ]; do sleep 0.02; done; echo bye >&2; exit 4";

    @Test
    void checkpointHoldsTheSpecThePidAndTheStartTime() throws Exception {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("checkpoint");
        TaskSpec spec = new TaskSpec(id, "named", "sleep", List.of("1000"), Map.of("A", "1"),
                Resources.of(0.5, 16, 10, PortRanges.parse("31000-31001")), Map.of("pod", "kafka-0"));
        s.launch(FRAMEWORK, spec);
        long pid = awaitStatus(s, id, TaskState.RUNNING, TIMEOUT).pid();

        JsonNode json = new ObjectMapper().readTree(workDir.resolve("meta/tasks/" + id.value() + ".json").toFile());

        assertThat(json.get("pid").asLong()).isEqualTo(pid);
        assertThat(json.get("startMillis").asLong()).isEqualTo(
                ProcessHandle.of(pid).orElseThrow().info().startInstant().orElseThrow().toEpochMilli());
        assertThat(json.get("frameworkId").asText()).isEqualTo(FRAMEWORK.value());
        assertThat(json.get("sandbox").asText()).isEqualTo(s.sandbox(id).orElseThrow().toString());
        assertThat(json.get("state").asText()).isEqualTo("RUNNING");
        TaskCheckpoint read = new ObjectMapper().treeToValue(json, TaskCheckpoint.class);
        assertThat(read.spec().toSpec()).isEqualTo(spec);
        assertThat(read.cgroups()).hasSize(s.limitsEnforced() ? 2 : 0);
        try (var files = Files.list(workDir.resolve("meta/tasks"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(id.value() + ".json");
        }
    }

    @Test
    void aReattachedTaskStillHasItsPersistentVolume() throws Exception {
        ProcessSupervisor a = newSupervisor();
        TaskId id = newTaskId("volume");
        Path volume = Files.createDirectories(workDir.resolve("volumes/data-0"));
        TaskSpec spec = new TaskSpec(id, "broker", "sleep", List.of("1000"), Map.of(),
                Resources.of(0.1, 16, 0, PortRanges.EMPTY), Map.of(), Map.of(), new Volume("data-0", 512));
        a.launch(FRAMEWORK, spec, volume, null);
        long pid = awaitStatus(a, id, TaskState.RUNNING, TIMEOUT).pid();
        a.close();

        ProcessSupervisor b = newSupervisor();
        assertThat(b.recover()).singleElement().satisfies(st -> assertThat(st.pid()).isEqualTo(pid));
        assertThat(b.spec(id)).as("the agent and the master must not destroy the volume under it")
                .hasValueSatisfying(s -> assertThat(s.volume()).isEqualTo(new Volume("data-0", 512)));
        assertThat(b.kill(id, Duration.ofSeconds(5))).isTrue();
        awaitStatus(b, id, TaskState.KILLED, TIMEOUT);
    }

    @Test
    void restartedSupervisorReattachesToARunningTaskAndCanKillIt() {
        ProcessSupervisor a = newSupervisor();
        TaskId id = newTaskId("reattach");
        a.launch(FRAMEWORK, shell(id, "sleep 1000 & wait"));
        long pid = awaitStatus(a, id, TaskState.RUNNING, TIMEOUT).pid();
        awaitCondition("the sleep runs", TIMEOUT, () -> liveDescendants(pid).size() == 2);
        List<Long> tree = liveDescendants(pid);
        a.close();

        ProcessSupervisor b = newSupervisor();
        List<TaskStatus> recovered = b.recover();

        assertThat(recovered).singleElement().satisfies(st -> {
            assertThat(st.state()).isEqualTo(TaskState.RUNNING);
            assertThat(st.pid()).isEqualTo(pid);
        });
        assertThat(recorder(b).statesOf(id)).containsExactly(TaskState.RUNNING);
        assertThat(b.spec(id)).isPresent();
        assertThat(b.kill(id, Duration.ofSeconds(5))).isTrue();
        TaskStatus killed = awaitStatus(b, id, TaskState.KILLED, TIMEOUT);
        assertThat(killed.reason()).isEqualTo("killed on request (SIGTERM)");
        assertThat(running(pid)).isFalse();
        assertThat(tree).allSatisfy(p -> assertThat(running(p)).as("pid %d alive", p).isFalse());
    }

    @Test
    void reattachedTaskReportsTheExitCodeItRecordedWhenItEnds() throws Exception {
        ProcessSupervisor a = newSupervisor();
        TaskId id = newTaskId("watched");
        a.launch(FRAMEWORK, shell(id, WAIT_FOR_RELEASE));
        awaitStatus(a, id, TaskState.RUNNING, TIMEOUT);
        a.close();
        ProcessSupervisor b = newSupervisor();
        b.recover();

        Files.createFile(b.sandbox(id).orElseThrow().resolve("release"));
        TaskStatus failed = awaitStatus(b, id, TaskState.FAILED, TIMEOUT);

        assertThat(failed.exitCode()).isEqualTo(4);
        assertThat(failed.reason()).isEqualTo("exited with code 4; stderr: bye");
    }

    @Test
    void taskThatEndedWhileNoSupervisorRanIsReportedWithItsRecordedExitCode() throws Exception {
        ProcessSupervisor a = newSupervisor();
        TaskId id = newTaskId("ended-offline");
        a.launch(FRAMEWORK, shell(id, WAIT_FOR_RELEASE));
        long pid = awaitStatus(a, id, TaskState.RUNNING, TIMEOUT).pid();
        a.close();
        Files.createFile(workDir.resolve("sandboxes").resolve(FRAMEWORK.value()).resolve(id.value()).resolve("release"));
        awaitCondition("the task exits", TIMEOUT, () -> !running(pid));

        ProcessSupervisor b = newSupervisor();
        List<TaskStatus> recovered = b.recover();

        assertThat(recovered).singleElement().satisfies(st -> {
            assertThat(st.state()).isEqualTo(TaskState.FAILED);
            assertThat(st.exitCode()).isEqualTo(4);
            assertThat(st.reason()).isEqualTo("exited with code 4; stderr: bye; ended while the agent was down");
        });
        assertThat(b.statuses()).isEqualTo(recovered);
    }

    @Test
    void taskWhoseProcessVanishedWithoutAnExitStatusIsLost() {
        ProcessSupervisor a = newSupervisor();
        TaskId id = newTaskId("vanished");
        a.launch(FRAMEWORK, shell(id, "sleep 1000 & wait"));
        long pid = awaitStatus(a, id, TaskState.RUNNING, TIMEOUT).pid();
        awaitCondition("the sleep runs", TIMEOUT, () -> liveDescendants(pid).size() == 2);
        List<Long> orphans = liveDescendants(pid);
        List<String> cgroups = new CheckpointStore(workDir).readAll().get(0).cgroups();
        a.close();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        awaitCondition("the wrapper is gone", TIMEOUT, () -> !running(pid));

        ProcessSupervisor b = newSupervisor();
        List<TaskStatus> recovered = b.recover();

        assertThat(recovered).singleElement().satisfies(st -> {
            assertThat(st.state()).isEqualTo(TaskState.LOST);
            assertThat(st.reason()).isEqualTo("process " + pid + " is gone after agent restart; exit code unknown");
            assertThat(st.exitCode()).isNull();
        });
        assertThat(orphans).allSatisfy(p -> assertThat(running(p)).as("orphan %d alive", p).isFalse());
        assertThat(cgroups).allSatisfy(d -> assertThat(Path.of(d)).doesNotExist());
    }

    @Test
    void recycledPidIsNotMistakenForTheTask() throws Exception {
        ProcessSupervisor a = newSupervisor();
        TaskId id = newTaskId("recycled");
        a.launch(FRAMEWORK, spec(id, "true"));
        awaitStatus(a, id, TaskState.FINISHED, TIMEOUT);
        a.close();
        // Pretend the agent died while the task ran, and its pid now belongs to this JVM.
        CheckpointStore store = new CheckpointStore(workDir);
        TaskCheckpoint ended = store.readAll().get(0);
        long jvm = ProcessHandle.current().pid();
        store.write(new TaskCheckpoint(ended.frameworkId(), ended.spec(), jvm, 0L, 1L, ended.sandbox(), List.of(),
                TaskState.RUNNING, "running", null, ended.timestampMillis()));
        Files.deleteIfExists(Path.of(ended.sandbox()).resolve(".exit"));

        ProcessSupervisor b = newSupervisor();
        List<TaskStatus> recovered = b.recover();

        assertThat(recovered).singleElement().satisfies(st -> {
            assertThat(st.state()).isEqualTo(TaskState.LOST);
            assertThat(st.reason()).isEqualTo("process " + jvm
                    + " is gone after agent restart (the pid now belongs to another process); exit code unknown");
        });
    }

    @Test
    void endedTasksAreReportedAgainAfterARestartUntilForgotten() {
        ProcessSupervisor a = newSupervisor();
        TaskId id = newTaskId("reported");
        a.launch(FRAMEWORK, shell(id, "exit 2"));
        TaskStatus failed = awaitStatus(a, id, TaskState.FAILED, TIMEOUT);
        a.close();

        ProcessSupervisor b = newSupervisor();
        List<TaskStatus> recovered = b.recover();

        assertThat(recovered).containsExactly(failed);
        b.forget(id);
        assertThat(newSupervisor().recover()).isEmpty();
    }
}
