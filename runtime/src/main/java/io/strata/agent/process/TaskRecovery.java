package io.strata.agent.process;

import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Turns one checkpoint into a task again after an agent restart: re-attached when its process
 * still runs (same pid and same start time, so a recycled pid is not mistaken for it), ended
 * with the exit status the wrapper recorded, or LOST when nothing tells how it ended. Leftover
 * processes of an ended task are killed and its cgroup removed before {@code recover()} returns.
 */
final class TaskRecovery {

    private static final Logger log = LoggerFactory.getLogger(TaskRecovery.class);
    /** Start times in millis come from each JVM's idea of the boot time, which may differ by a second. */
    private static final long START_MILLIS_TOLERANCE = 1000;
    private static final Duration LEFTOVER_WAIT = Duration.ofSeconds(10);

    private final ProcessSupervisor supervisor;

    TaskRecovery(ProcessSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** One pass over the checkpoints: every task {@code known} does not hold, recovered, in the checkpoints' order. */
    List<TaskProcess> recoverAll(List<TaskCheckpoint> checkpoints, Predicate<TaskId> known) {
        return checkpoints.stream().filter(c -> !known.test(c.taskId())).map(this::recover).toList();
    }

    TaskProcess recover(TaskCheckpoint c) {
        TaskSpec spec = c.spec().toSpec();
        Sandbox sandbox = new Sandbox(Path.of(c.sandbox()));
        TaskCgroup cgroup = c.cgroups().isEmpty() ? null : TaskCgroup.of(c.cgroups());
        if (c.state().isTerminal()) {
            return new TaskProcess(spec, sandbox, status(c, c.state(), c.reason(), c.exitCode(), null,
                    c.timestampMillis()), c);
        }
        if (c.pid() == null) {
            clearLeftovers(c.taskId(), new ProcessTree(0, null, cgroup), cgroup);
            return ended(c, spec, sandbox, TaskState.LOST,
                    "the agent stopped while the task was starting; its process was not recorded", null);
        }
        long pid = c.pid();
        if (sameProcessRuns(c)) {
            long now = supervisor.now();
            String reason = "re-attached to pid " + pid + " after agent restart";
            TaskCheckpoint running = c.withStatus(TaskState.RUNNING, reason, null, now);
            TaskProcess t = TaskProcess.reattached(spec, sandbox, status(c, TaskState.RUNNING, reason, null, pid, now),
                    running, new ProcessTree(pid, c.startTicks(), cgroup), cgroup);
            if (c.state() != TaskState.RUNNING) {
                // Stopped between launch and RUNNING (an older agent's launch); a RUNNING one needs no rewrite.
                supervisor.checkpoint(t, running);
            }
            CpuBursts.resume(supervisor, t, cgroup, c.burstFromMillis());
            log.info("task re-attached task={} pid={} sandbox={}", c.taskId(), pid, sandbox.dir());
            return t;
        }
        Integer code = sandbox.recordedExitCode();
        boolean recycled = ProcStat.isRunning(pid, null);
        String unknown = "process " + pid + " is gone after agent restart"
                + (recycled ? " (the pid now belongs to another process)" : "") + "; exit code unknown";
        ExitReason r = ExitReason.decide(new ExitReason.ExitFacts(code, null, false,
                        cgroup != null && cgroup.oomKilled(), spec.resources().memMb(), sandbox.stderrTail()),
                unknown, "ended while the agent was down");
        clearLeftovers(c.taskId(), new ProcessTree(pid, c.startTicks(), cgroup), cgroup);
        return ended(c, spec, sandbox, r.state(), r.reason(), code);
    }

    private boolean sameProcessRuns(TaskCheckpoint c) {
        long pid = c.pid();
        if (c.startTicks() != null) {
            return ProcStat.isRunning(pid, c.startTicks());
        }
        if (!ProcStat.isRunning(pid, null)) {
            return false;
        }
        if (c.startMillis() == null) {
            return true;
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                .map(i -> Math.abs(i.toEpochMilli() - c.startMillis()) <= START_MILLIS_TOLERANCE)
                .orElse(false);
    }

    private TaskProcess ended(TaskCheckpoint c, TaskSpec spec, Sandbox sandbox, TaskState state, String reason,
                              Integer exitCode) {
        long now = supervisor.now();
        TaskCheckpoint done = c.withStatus(state, reason, exitCode, now);
        TaskProcess t = new TaskProcess(spec, sandbox, status(c, state, reason, exitCode, null, now), done);
        supervisor.checkpoint(t, done);
        log.info("task ended while the agent was down task={} state={} exitCode={} reason=\"{}\"", c.taskId(), state,
                exitCode, reason);
        return t;
    }

    private TaskStatus status(TaskCheckpoint c, TaskState state, String reason, Integer exitCode, Long pid, long at) {
        return new TaskStatus(c.taskId(), c.framework(), supervisor.agentId(), state, reason, exitCode, pid, at);
    }

    /** Kills what is left of an ended task and removes its cgroup, before recover() returns. */
    private void clearLeftovers(TaskId id, ProcessTree tree, TaskCgroup cgroup) {
        try {
            TreeKill.Outcome outcome = TreeKill.start(tree, Duration.ZERO, supervisor.scheduler())
                    .get(LEFTOVER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (outcome.signalled() > 0) {
                log.info("task left processes behind; killed task={} count={}", id, outcome.signalled());
            }
        } catch (TimeoutException | ExecutionException e) {
            log.warn("leftover processes not confirmed dead task={} error={}", id, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        CgroupSlots.remove(id, cgroup, supervisor::isClosed);
    }
}
