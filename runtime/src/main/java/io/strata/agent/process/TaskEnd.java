package io.strata.agent.process;

import io.strata.resources.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;

/**
 * The end of one task: once its main process has exited, wait until the rest of its tree is
 * gone (the requested kill, or a SIGKILL of whatever it left behind), decide state and reason,
 * remove its cgroup, then publish the terminal status, in that order.
 */
final class TaskEnd {

    private static final Logger log = LoggerFactory.getLogger(TaskEnd.class);

    private final ProcessSupervisor supervisor;

    TaskEnd(ProcessSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** Our child's exit, or a re-attached process seen gone; only the first call per task counts. */
    void processEnded(TaskProcess t) {
        if (supervisor.isClosed()) {
            return;
        }
        t.markExited(supervisor.scheduler()).ifPresent(treeGone -> {
            Integer recorded = t.sandbox.recordedExitCode();
            Process p = t.process();
            Integer exitCode = recorded == null && p != null ? Integer.valueOf(p.exitValue()) : recorded;
            treeGone.whenComplete((outcome, error) -> supervisor.execute(() -> finish(t, exitCode, outcome, error)));
        });
    }

    private void finish(TaskProcess t, Integer exitCode, TreeKill.Outcome outcome, Throwable error) {
        TaskId id = t.spec.taskId();
        Duration grace = t.killGrace();
        if (error != null) {
            log.warn("task cleanup failed task={} error={}", id, error.toString());
        } else if (outcome.survivors() > 0) {
            log.warn("task processes survived SIGKILL task={} count={}", id, outcome.survivors());
        } else if (grace == null && outcome.signalled() > 0) {
            log.info("task left processes behind; killed task={} count={}", id, outcome.signalled());
        }
        TaskCgroup cgroup = t.cgroup();
        ExitReason.ExitFacts facts = new ExitReason.ExitFacts(exitCode, grace, outcome != null && outcome.escalated(),
                cgroup != null && cgroup.oomKilled(), t.spec.resources().memMb(), t.sandbox.stderrTail());
        String unknown = "process " + t.status().pid() + " ended; its exit code was not recorded";
        ExitReason r = ExitReason.decide(facts, unknown, "");
        CgroupSlots.remove(id, cgroup, supervisor::isClosed);
        supervisor.transition(t, r.state(), r.reason(), exitCode, null);
    }

    /** The supervisor's periodic look at re-attached tasks (not our children): ends those whose process is gone. */
    void pollReattached(Collection<TaskProcess> tasks) {
        for (TaskProcess t : tasks) {
            try {
                if (t.needsPolling() && !t.rootRunning()) {
                    processEnded(t);
                }
            } catch (RuntimeException e) {
                // an exception would cancel this periodic poll for every task
                log.warn("watching re-attached task failed task={} error={}", t.spec.taskId(), e.toString());
            }
        }
    }
}
