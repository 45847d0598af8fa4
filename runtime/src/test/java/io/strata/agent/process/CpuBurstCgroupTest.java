package io.strata.agent.process;

import io.strata.resources.CpuBurst;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task's cpu burst in the real hierarchy: the quota is the burst's right after launch and the
 * task's own once the window has passed, also for a task a restarted supervisor re-attaches.
 * Where cpu cannot be limited here the quota is "none" throughout, and that is asserted too.
 */
class CpuBurstCgroupTest extends ProcessTestSupport {

    private static final Resources QUARTER_CPU = Resources.of(0.25, 64);

    private TaskSpec bursting(String name, long seconds) {
        return shell(newTaskId(name), "sleep 1000").withResources(QUARTER_CPU).withCpuBurst(CpuBurst.of(1.0, seconds));
    }

    @Test
    void theQuotaIsTheBurstsAtLaunchAndTheTasksOwnAfterTheWindow() throws Exception {
        ProcessSupervisor s = newSupervisor();
        TaskSpec spec = bursting("burst", 2);
        s.launch(FRAMEWORK, spec);
        awaitStatus(s, spec.taskId(), TaskState.RUNNING, TIMEOUT);
        TaskCgroup cgroup = cgroupOf(spec.taskId());

        if (cpuLimited(s)) {
            assertThat(cpuQuota(cgroup)).isEqualTo("100000");
            awaitCondition("the quota is lowered to the task's 0.25 cpus", TIMEOUT, () -> cpuQuota(cgroup).equals("25000"));
        } else {
            assertThat(cpuQuota(cgroup)).isEqualTo("none");
        }
    }

    @Test
    void aRestartedSupervisorLowersTheQuotaOfATaskPastItsWindowAtOnce() throws Exception {
        TaskCgroup cgroup = launchedByASupervisorThatStops(bursting("past", 30));
        String beforeRestart = cpuQuota(cgroup);

        // The second supervisor's clock is a minute later: the 30 s window has passed.
        StatusRecorder recorder = new StatusRecorder();
        ProcessSupervisor b = new ProcessSupervisor(AGENT, "test-host", workDir,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)), recorder, Cgroups.detect(AGENT));
        register(b, recorder);
        assertThat(b.recover()).singleElement().satisfies(st -> assertThat(st.state()).isEqualTo(TaskState.RUNNING));

        if (cpuLimited(b)) {
            assertThat(beforeRestart).as("still the burst's while no supervisor runs").isEqualTo("100000");
            awaitCondition("the re-attached task's quota is lowered", TIMEOUT, () -> cpuQuota(cgroup).equals("25000"));
        } else {
            assertThat(cpuQuota(cgroup)).isEqualTo("none");
        }
    }

    @Test
    void aRestartedSupervisorKeepsTheBurstOfATaskInsideItsWindowForTheRestOfIt() throws Exception {
        TaskCgroup cgroup = launchedByASupervisorThatStops(bursting("inside", 4));

        ProcessSupervisor b = newSupervisor();
        b.recover();

        if (cpuLimited(b)) {
            long recovered = System.nanoTime();
            awaitCondition("the re-attached task's quota is lowered", TIMEOUT, () -> cpuQuota(cgroup).equals("25000"));
            assertThat(Duration.ofNanos(System.nanoTime() - recovered)).as("lowered when the window ends, not at once")
                    .isGreaterThan(Duration.ofMillis(500));
        } else {
            assertThat(cpuQuota(cgroup)).isEqualTo("none");
        }
    }

    /** Launches {@code spec}, waits until it runs, closes the supervisor (the task runs on); its cgroup. */
    private TaskCgroup launchedByASupervisorThatStops(TaskSpec spec) {
        ProcessSupervisor a = newSupervisor();
        a.launch(FRAMEWORK, spec);
        awaitStatus(a, spec.taskId(), TaskState.RUNNING, TIMEOUT);
        TaskCgroup cgroup = cgroupOf(spec.taskId());
        a.close();
        return cgroup;
    }

    private TaskCgroup cgroupOf(TaskId id) {
        List<String> dirs = new CheckpointStore(workDir).readAll().stream().filter(c -> c.taskId().equals(id))
                .findFirst().orElseThrow().cgroups();
        return dirs.isEmpty() ? null : TaskCgroup.of(dirs);
    }

    private static boolean cpuLimited(ProcessSupervisor s) {
        return s.limitsEnforced() && !s.limitsDescription().contains("unlimited")
                && !s.limitsDescription().contains("cpu controller unavailable");
    }

    /** The quota part of v1 cpu.cfs_quota_us or v2 cpu.max ("25000 100000"); "none" without a cpu group. */
    static String cpuQuota(TaskCgroup cgroup) {
        if (cgroup == null) {
            return "none";
        }
        try {
            for (Path dir : cgroup.dirs()) {
                if (Files.exists(dir.resolve("cpu.cfs_quota_us"))) {
                    return Files.readString(dir.resolve("cpu.cfs_quota_us")).trim();
                }
                if (Files.exists(dir.resolve("cpu.max"))) {
                    return Files.readString(dir.resolve("cpu.max")).trim().split(" ")[0];
                }
            }
        } catch (java.io.IOException e) {
            return "unreadable: " + e.getMessage();
        }
        return "none";
    }
}
