package io.strata.agent.process;

import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory and cpu limits on this machine. Where the cgroup hierarchy is writable the kernel
 * enforces them; where it is not, the supervisor says so once and tasks run without limits.
 * Both outcomes are asserted: nothing here is skipped.
 */
class CgroupLimitTest extends ProcessTestSupport {

    /** Holds ~64 MB: tail keeps a line without a newline in memory. Exits non-zero if tail is killed. */
    private static final String MEMORY_HOG = "head -c 64000000 /dev/zero | tail -n 1 > /dev/null && echo done";
    private static final String NOT_WRITABLE = "tasks run without memory/cpu limits";

    @Test
    void memoryHogIsKilledByTheOomKillerOrRunsUnlimitedWhereCgroupsAreNotWritable() throws Exception {
        ProcessSupervisor s;
        List<String> log;
        try (LogCapture capture = new LogCapture(ProcessSupervisor.class)) {
            s = newSupervisor();
            log = capture.lines();
        }
        TaskId id = newTaskId("hog");
        s.launch(FRAMEWORK, shell(id, MEMORY_HOG).withResources(Resources.of(0.5, 32)));

        if (s.limitsEnforced()) {
            TaskStatus failed = awaitStatus(s, id, TaskState.FAILED, TIMEOUT);
            assertThat(failed.reason())
                    .isEqualTo("out of memory: exceeded the 32 MB limit (killed by the kernel OOM killer)");
            assertThat(failed.exitCode()).isEqualTo(137);
            assertThat(log).noneMatch(line -> line.contains(NOT_WRITABLE));
        } else {
            awaitStatus(s, id, TaskState.FINISHED, TIMEOUT);
            assertThat(s.readLog(id, "stdout", 0, 100).data()).isEqualTo("done\n");
            assertThat(log).filteredOn(line -> line.startsWith("WARN") && line.contains(NOT_WRITABLE)).hasSize(1);
        }
    }

    @Test
    void unwritableHierarchyIsReportedInOneLineAndTasksRunWithoutLimits() throws Exception {
        Path notADirectory = Files.writeString(workDir.resolve("memory-mount"), "a file, so no group can be made here");
        Path mountinfo = Files.writeString(workDir.resolve("mountinfo"),
                "34 30 0:31 / " + notADirectory + " rw,relatime - cgroup cgroup rw,memory\n");
        Path procSelfCgroup = Files.writeString(workDir.resolve("cgroup"), "4:memory:/\n");
        Cgroups unavailable = Cgroups.detect(AGENT, procSelfCgroup, mountinfo);

        ProcessSupervisor s;
        List<String> log;
        try (LogCapture capture = new LogCapture(ProcessSupervisor.class)) {
            s = newSupervisor(unavailable);
            log = capture.lines();
        }
        TaskId id = newTaskId("unlimited");
        s.launch(FRAMEWORK, shell(id, MEMORY_HOG).withResources(Resources.of(0.5, 32)));

        awaitStatus(s, id, TaskState.FINISHED, TIMEOUT);
        assertThat(s.limitsEnforced()).isFalse();
        assertThat(log).containsExactly("WARN cgroups not writable at " + notADirectory.resolve("strata/agent-test")
                + " (Not a directory); " + NOT_WRITABLE);
        assertThat(s.readLog(id, "stdout", 0, 100).data()).isEqualTo("done\n");
    }

    @Test
    void taskCgroupCarriesTheLimitsHoldsTheWholeTreeAndIsRemovedAtTheEnd() throws Exception {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("limits");
        s.launch(FRAMEWORK, shell(id, "sleep 1000 & wait").withResources(Resources.of(0.25, 64)));
        long pid = awaitStatus(s, id, TaskState.RUNNING, TIMEOUT).pid();
        awaitCondition("the sleep runs", TIMEOUT, () -> liveDescendants(pid).size() == 2);
        List<String> dirs = new CheckpointStore(workDir).readAll().get(0).cgroups();

        if (s.limitsEnforced()) {
            TaskCgroup cgroup = TaskCgroup.of(dirs);
            assertThat(cgroup.pids()).contains(pid).containsAll(liveDescendants(pid));
            Path memory = cgroup.dirs().get(0);
            assertThat(Files.readString(memory.resolve(limitFile(memory))).trim())
                    .isEqualTo(Long.toString(64L * 1024 * 1024));
            assertThat(cpuQuota(cgroup)).isEqualTo("25000");
        } else {
            assertThat(dirs).isEmpty();
        }
        s.kill(id, Duration.ofSeconds(5));
        awaitStatus(s, id, TaskState.KILLED, TIMEOUT);
        assertThat(dirs).allSatisfy(d -> assertThat(Path.of(d)).doesNotExist());
    }

    private static String limitFile(Path memoryGroup) {
        return Files.exists(memoryGroup.resolve("memory.max")) ? "memory.max" : "memory.limit_in_bytes";
    }

    /** The quota part of v1 cpu.cfs_quota_us or v2 cpu.max ("25000 100000"). */
    private static String cpuQuota(TaskCgroup cgroup) throws Exception {
        for (Path dir : cgroup.dirs()) {
            if (Files.exists(dir.resolve("cpu.cfs_quota_us"))) {
                return Files.readString(dir.resolve("cpu.cfs_quota_us")).trim();
            }
            if (Files.exists(dir.resolve("cpu.max"))) {
                return Files.readString(dir.resolve("cpu.max")).trim().split(" ")[0];
            }
        }
        return "none";
    }
}
