package io.strata.agent.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Carries out {@link CpuBurstWindow}: lowers a bursting task's cpu quota to its own cpus when the
 * window ends, on the supervisor's scheduler. After an agent restart a re-attached task past its
 * window is lowered at once, one still inside it when the rest of the window has passed.
 */
final class CpuBursts {

    private static final Logger log = LoggerFactory.getLogger(CpuBursts.class);

    private CpuBursts() {
    }

    /** Schedules the lowering of a task whose cgroup got {@code window}'s quota. */
    static void schedule(ProcessSupervisor s, TaskProcess t, TaskCgroup cgroup, CpuBurstWindow window) {
        if (cgroup == null || !window.bursting()) {
            return;
        }
        long delay = Math.max(0, window.lowerAtMillis().getAsLong() - s.now());
        s.scheduler().schedule(() -> s.execute(() -> lower(s, t, cgroup)), delay, TimeUnit.MILLISECONDS);
    }

    /** For a task re-attached after a restart whose burst began at {@code burstFromMillis} (null: none). */
    static void resume(ProcessSupervisor s, TaskProcess t, TaskCgroup cgroup, Long burstFromMillis) {
        if (cgroup == null || burstFromMillis == null) {
            return;
        }
        CpuBurstWindow window = CpuBurstWindow.decide(t.spec.cpuBurst(), t.spec.resources().milliCpus(),
                burstFromMillis, s.now());
        if (window.bursting()) {
            schedule(s, t, cgroup, window);
        } else {
            lower(s, t, cgroup);
        }
    }

    private static void lower(ProcessSupervisor s, TaskProcess t, TaskCgroup cgroup) {
        if (t.isEnded() || s.isClosed()) {
            return;
        }
        long cpus = t.spec.resources().milliCpus();
        try {
            s.cgroups().limitCpu(cgroup, cpus);
            log.info("task cpu burst over task={} cpus={}", t.spec.taskId(),
                    io.strata.resources.Resources.formatCpus(cpus));
        } catch (IOException e) {
            // The task ended meanwhile and its group is gone: nothing left to lower.
            log.debug("cpu burst not lowered task={} error=\"{}\"", t.spec.taskId(), CgroupFiles.why(e));
        }
    }
}
