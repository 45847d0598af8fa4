package io.strata.agent.process;

import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One task as the supervisor tracks it: its latest status and checkpoint, its process tree once
 * started, and whether someone asked to kill it. Every method is synchronized; none calls out to
 * listeners, so holding the lock is always short.
 */
final class TaskProcess {

    final TaskSpec spec;
    final Sandbox sandbox;
    private TaskStatus status;
    private TaskCheckpoint checkpoint;
    private TaskCgroup cgroup;
    private Process process;
    private ProcessTree tree;
    private boolean reattached;
    private boolean exited;
    private Duration killGrace;
    private CompletableFuture<TreeKill.Outcome> killDone;

    TaskProcess(TaskSpec spec, Sandbox sandbox, TaskStatus status, TaskCheckpoint checkpoint) {
        this.spec = spec;
        this.sandbox = sandbox;
        this.status = status;
        this.checkpoint = checkpoint;
    }

    /** A task found running after an agent restart: not our child, so it is watched by polling. */
    static TaskProcess reattached(TaskSpec spec, Sandbox sandbox, TaskStatus status, TaskCheckpoint checkpoint,
                                  ProcessTree tree, TaskCgroup cgroup) {
        TaskProcess t = new TaskProcess(spec, sandbox, status, checkpoint);
        t.tree = tree;
        t.cgroup = cgroup;
        t.reattached = true;
        return t;
    }

    synchronized TaskStatus status() {
        return status;
    }

    synchronized boolean isEnded() {
        return status.state().isTerminal();
    }

    synchronized TaskCheckpoint checkpoint() {
        return checkpoint;
    }

    synchronized void checkpoint(TaskCheckpoint c) {
        checkpoint = c;
    }

    synchronized TaskCgroup cgroup() {
        return cgroup;
    }

    synchronized void cgroup(TaskCgroup c) {
        cgroup = c;
    }

    synchronized Process process() {
        return process;
    }

    synchronized Duration killGrace() {
        return killGrace;
    }

    /** Moves to {@code state} if that is a legal step; returns the new status to publish. */
    synchronized Optional<TaskStatus> transition(TaskState state, String reason, Integer exitCode, Long pid,
                                                 long atMillis) {
        if (!status.state().canTransitionTo(state)) {
            return Optional.empty();
        }
        status = new TaskStatus(status.taskId(), status.frameworkId(), status.agentId(), state, reason,
                exitCode, state.isTerminal() ? null : pid, atMillis);
        return Optional.of(status);
    }

    /** True when a kill arrived before the process was started: then it must not be started. */
    synchronized boolean killedBeforeStart() {
        return killGrace != null && tree == null;
    }

    /** Records the started process; starts the kill at once if one was requested meanwhile. */
    synchronized void attach(Process p, ProcessTree t, ScheduledExecutorService scheduler) {
        process = p;
        tree = t;
        if (killGrace != null) {
            killDone = TreeKill.start(tree, killGrace, scheduler);
        }
    }

    /**
     * Asks to kill the task. False when it has ended or its process has already exited; true
     * otherwise, also when a kill is already under way (the first grace stands).
     */
    synchronized boolean requestKill(Duration grace, ScheduledExecutorService scheduler) {
        if (status.state().isTerminal() || exited) {
            return false;
        }
        if (killGrace == null) {
            killGrace = grace;
            if (tree != null) {
                killDone = TreeKill.start(tree, grace, scheduler);
            }
        }
        return true;
    }

    /** True for a re-attached task whose exit has not been seen yet. */
    synchronized boolean needsPolling() {
        return reattached && !exited;
    }

    synchronized boolean rootRunning() {
        return tree != null && tree.rootRunning();
    }

    /**
     * Notes that the main process exited (once; later calls return empty). The future completes
     * when the rest of the tree is gone: the requested kill, or else a SIGKILL of leftovers.
     */
    synchronized Optional<CompletableFuture<TreeKill.Outcome>> markExited(ScheduledExecutorService scheduler) {
        if (exited) {
            return Optional.empty();
        }
        exited = true;
        return Optional.of(killDone != null ? killDone : TreeKill.start(tree, Duration.ZERO, scheduler));
    }
}
