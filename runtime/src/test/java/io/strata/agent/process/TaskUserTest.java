package io.strata.agent.process;

import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tasks of an agent running as root, with real processes: they run as the task user, each in a
 * sandbox no other task can enter, and keep their volume writable across launches.
 */
class TaskUserTest extends ProcessTestSupport {

    private TaskUsers users;
    private UnixUser taskUser;

    @BeforeEach
    void agentIsRoot() {
        assumeTrue(TaskUsers.currentUid() == 0, "switching task users needs an agent running as root");
        users = TaskUsers.forAgent(null);
        taskUser = users.taskUser();
    }

    private ProcessSupervisor supervisor() {
        StatusRecorder recorder = new StatusRecorder();
        ProcessSupervisor s = new ProcessSupervisor(AGENT, "test-host", workDir, Clock.systemUTC(), recorder,
                Cgroups.detect(AGENT), users);
        register(s, recorder);
        return s;
    }

    @Test
    void taskRunsAsTheTaskUserNeverAsRoot() throws Exception {
        ProcessSupervisor s = supervisor();
        TaskId id = newTaskId("whoami");
        s.launch(FRAMEWORK, shell(id, "id -u; id -un; echo \"$HOME\""));

        awaitStatus(s, id, TaskState.FINISHED, TIMEOUT);

        List<String> out = Files.readAllLines(s.sandbox(id).orElseThrow().resolve("stdout"));
        assertThat(out.get(0)).isNotEqualTo("0").isEqualTo(Integer.toString(taskUser.uid()));
        assertThat(out.get(1)).isEqualTo(TaskUsers.DEFAULT_USER);
        assertThat(out.get(2)).isEqualTo(s.sandbox(id).orElseThrow().toString());
    }

    @Test
    void aTaskCannotWriteIntoAnotherRunningTasksSandbox() throws Exception {
        ProcessSupervisor s = supervisor();
        TaskId owner = newTaskId("owner");
        s.launch(FRAMEWORK, shell(owner, "echo original > mine; exec sleep 1000"));
        awaitStatus(s, owner, TaskState.RUNNING, TIMEOUT);
        Path ownerSandbox = s.sandbox(owner).orElseThrow();
        awaitCondition("the owner wrote its file", TIMEOUT, () -> Files.exists(ownerSandbox.resolve("mine")));

        TaskId intruder = newTaskId("intruder");
        String target = ownerSandbox.toString();
        s.launch(FRAMEWORK, shell(intruder, "echo changed > '" + target + "/mine'; r1=$?; "
                + "touch '" + target + "/new'; r2=$?; ls '" + target + "'; r3=$?; "
                + "[ $r1 -ne 0 ] && [ $r2 -ne 0 ] && [ $r3 -ne 0 ] && exit 7; exit 0"));

        TaskStatus failed = awaitStatus(s, intruder, TaskState.FAILED, TIMEOUT);
        assertThat(failed.exitCode()).isEqualTo(7);
        assertThat(Files.readString(s.sandbox(intruder).orElseThrow().resolve("stderr"))).contains("Permission denied");
        assertThat(Files.readString(ownerSandbox.resolve("mine"))).isEqualTo("original\n");
        assertThat(ownerSandbox.resolve("new")).doesNotExist();
        assertThat(s.status(owner).orElseThrow().state()).isEqualTo(TaskState.RUNNING);
        assertThat(TaskDirs.uid(ownerSandbox)).isZero();
        assertThat(TaskDirs.isTaskGroup(TaskDirs.gid(ownerSandbox))).isTrue();
        assertThat(TaskDirs.gid(ownerSandbox)).isNotEqualTo(TaskDirs.gid(s.sandbox(intruder).orElseThrow()));
    }

    @Test
    void aVolumeKeptAcrossLaunchesStaysWritableAndAnOlderRootVolumeIsTakenOver() throws Exception {
        Path volume = Files.createDirectories(workDir.resolve("volumes").resolve("v1"));
        // What an agent that ran its tasks as root left behind.
        Files.createDirectories(volume.resolve("data"));
        Files.writeString(volume.resolve("data/log"), "from root\n");
        ProcessSupervisor s = supervisor();

        TaskId first = newTaskId("first");
        s.launch(FRAMEWORK, withVolume(first, "echo first >> data/log && mkdir -p more && echo x > more/f", volume), volume, null);
        awaitStatus(s, first, TaskState.FINISHED, TIMEOUT);
        int group = TaskDirs.gid(volume);

        TaskId second = newTaskId("second");
        s.launch(FRAMEWORK, withVolume(second, "echo second >> data/log && echo y >> more/f", volume), volume, null);
        awaitStatus(s, second, TaskState.FINISHED, TIMEOUT);

        assertThat(Files.readString(volume.resolve("data/log"))).isEqualTo("from root\nfirst\nsecond\n");
        assertThat(Files.readString(volume.resolve("more/f"))).isEqualTo("x\ny\n");
        assertThat(TaskDirs.gid(volume)).isEqualTo(group);
        assertThat(TaskDirs.isTaskGroup(group)).isTrue();
        assertThat(TaskDirs.uid(volume.resolve("data/log"))).isEqualTo(taskUser.uid());
        assertThat(TaskDirs.gid(volume.resolve("more/f"))).isEqualTo(group);
    }

    @Test
    void aTaskCannotSwapTheFilesRootWritesOrReadsInItsSandboxForLinks() throws Exception {
        Path precious = Files.writeString(workDir.resolve("precious"), "root's\n");
        ProcessSupervisor s = supervisor();
        TaskId id = newTaskId("swapper");
        String target = precious.toString();
        s.launch(FRAMEWORK, shell(id, "rm -f stdout stderr .exit; ln -s '" + target + "' stdout; "
                + "ln -s '" + target + "' .exit; echo written; exit 3"));

        TaskStatus failed = awaitStatus(s, id, TaskState.FAILED, TIMEOUT);

        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(Files.readString(precious)).isEqualTo("root's\n");
        assertThat(s.readLog(id, "stdout", 0, 1000).data()).isEqualTo("written\n");
        assertThat(Files.readString(s.sandbox(id).orElseThrow().resolve("stderr")))
                .contains("rm: cannot remove 'stdout': Operation not permitted");
        assertThat(Files.readString(s.sandbox(id).orElseThrow().resolve(".exit")).trim()).isEqualTo("3");
    }

    @Test
    void aTaskSharingAVolumeWritesInItWhileOtherTasksCannotEnterIt() throws Exception {
        Path volume = Files.createDirectories(workDir.resolve("volumes").resolve("checkpoint"));
        ProcessSupervisor s = supervisor();
        TaskId owner = newTaskId("driver");
        s.launch(FRAMEWORK, withVolume(owner, "mkdir -p state && exec sleep 1000", volume), volume, null);
        awaitStatus(s, owner, TaskState.RUNNING, TIMEOUT);
        awaitCondition("the owner made its folder", TIMEOUT, () -> Files.isDirectory(volume.resolve("state")));

        TaskId sharer = newTaskId("executor");
        s.launch(FRAMEWORK, withVolume(sharer, "echo delta > state/1.delta", volume), null, volume);
        awaitStatus(s, sharer, TaskState.FINISHED, TIMEOUT);
        TaskId stranger = newTaskId("stranger");
        s.launch(FRAMEWORK, withVolume(stranger, "echo evil > state/2.delta", volume), null, null);
        awaitStatus(s, stranger, TaskState.FAILED, TIMEOUT);

        assertThat(Files.readString(volume.resolve("state/1.delta"))).isEqualTo("delta\n");
        assertThat(volume.resolve("state/2.delta")).doesNotExist();
        assertThat(Files.readString(s.sandbox(stranger).orElseThrow().resolve("stderr"))).contains("can't cd to " + volume);
    }

    @Test
    void aTaskNamingAnUnknownUserFailsWithTheReason() {
        ProcessSupervisor s = supervisor();
        TaskId id = newTaskId("nobody-here");
        s.launch(FRAMEWORK, shell(id, "true").withUser("no-such-user-strata"));

        TaskStatus failed = awaitStatus(s, id, TaskState.FAILED, TIMEOUT);

        assertThat(failed.reason()).isEqualTo("refused: there is no user 'no-such-user-strata' on this host");
        assertThat(failed.pid()).isNull();
    }

    @Test
    void aRestartedAgentReattachesToATaskRunningAsTheTaskUserAndKillsIt() throws Exception {
        ProcessSupervisor a = supervisor();
        TaskId id = newTaskId("survivor");
        a.launch(FRAMEWORK, shell(id, "sleep 1000 & wait"));
        long pid = awaitStatus(a, id, TaskState.RUNNING, TIMEOUT).pid();
        awaitCondition("the sleep runs", TIMEOUT, () -> liveDescendants(pid).size() == 2);
        long sleeper = liveDescendants(pid).get(liveDescendants(pid).size() - 1);
        a.close();

        ProcessSupervisor b = supervisor();
        assertThat(b.recover()).singleElement().satisfies(st -> assertThat(st.state()).isEqualTo(TaskState.RUNNING));
        assertThat(TaskDirs.uid(Path.of("/proc/" + sleeper))).isEqualTo(taskUser.uid());
        assertThat(b.kill(id, Duration.ofSeconds(5))).isTrue();

        awaitStatus(b, id, TaskState.KILLED, TIMEOUT);
        assertThat(running(pid)).isFalse();
        assertThat(running(sleeper)).isFalse();
    }

    private static TaskSpec withVolume(TaskId id, String script, Path volume) {
        return new TaskSpec(id, id.value(), "sh", List.of("-c", "cd \"$STRATA_VOLUME\" && " + script),
                Map.of("STRATA_VOLUME", volume.toString()), Resources.of(0.1, 0), Map.of());
    }
}
