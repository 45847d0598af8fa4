package io.strata.agent.process;

import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A launch writes one checkpoint (as the task turns RUNNING, with its pid and cgroup), a restart
 * rewrites none for tasks still running, and a task whose checkpoint was never written (the agent
 * stopped between start and write) is killed by its cgroup when the agent comes back.
 */
class LaunchCheckpointTest extends ProcessTestSupport {

    @Test
    void aLaunchWritesOneCheckpointWithThePidTheStateAndTheCgroup() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("one-write");
        s.launch(FRAMEWORK, spec(id, "sleep", "1000"));
        long pid = awaitStatus(s, id, TaskState.RUNNING, TIMEOUT).pid();

        assertThat(s.checkpointWrites()).isEqualTo(1);
        TaskCheckpoint c = new CheckpointStore(workDir).readAll().get(0);
        assertThat(c.pid()).isEqualTo(pid);
        assertThat(c.startTicks()).isEqualTo(ProcStat.read(pid).orElseThrow().startTicks());
        assertThat(c.state()).isEqualTo(TaskState.RUNNING);
        if (s.limitsEnforced()) {
            assertThat(c.cgroups()).hasSize(2).allSatisfy(d -> {
                assertThat(Path.of(d).getFileName().toString()).startsWith(CgroupSlots.PREFIX);
                awaitCondition("the wrapper joined " + d, TIMEOUT, () -> TaskCgroup.of(List.of(d)).pids().contains(pid));
            });
        } else {
            assertThat(c.cgroups()).isEmpty();
        }
    }

    @Test
    void aRestartRewritesNoCheckpointOfARunningTask() {
        ProcessSupervisor a = newSupervisor();
        TaskId one = newTaskId("still-running");
        TaskId two = newTaskId("still-running");
        a.launch(FRAMEWORK, spec(one, "sleep", "1000"));
        a.launch(FRAMEWORK, spec(two, "sleep", "1000"));
        awaitStatus(a, one, TaskState.RUNNING, TIMEOUT);
        awaitStatus(a, two, TaskState.RUNNING, TIMEOUT);
        a.close();

        ProcessSupervisor b = newSupervisor();
        assertThat(b.recover()).extracting(st -> st.state()).containsOnly(TaskState.RUNNING).hasSize(2);

        assertThat(b.checkpointWrites()).isZero();
    }

    @Test
    void aTaskStartedWithoutACheckpointIsKilledByItsCgroupWhenTheAgentComesBack() throws Exception {
        Cgroups cgroups = Cgroups.detect(AGENT);
        CgroupSlots crashed = new CgroupSlots(cgroups, CgroupSlots.agentKey(AGENT, workDir.toAbsolutePath()),
                "crashed", 1);
        TaskCgroup slot = crashed.take(Resources.of(0.1, 32)).orElse(null);
        if (slot == null) {
            assertThat(cgroups.limitsEnforced()).isFalse();
            assertThat(newSupervisor(cgroups).recover()).isEmpty();
            return;
        }
        StringBuilder join = new StringBuilder();
        slot.procsFiles().forEach(f -> join.append("echo $$ > ").append(TaskLaunch.quote(f.toString())).append("; "));
        Process orphan = new ProcessBuilder("sh", "-c", join + "exec sleep 1000")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        awaitCondition("the orphan joined its cgroup", TIMEOUT, () -> slot.pids().contains(orphan.pid()));

        ProcessSupervisor b = newSupervisor(cgroups);
        assertThat(b.recover()).isEmpty();

        awaitCondition("the orphan is dead", TIMEOUT, () -> !orphan.isAlive());
        assertThat(slot.dirs()).allSatisfy(d -> assertThat(d).doesNotExist());
    }
}
