package io.strata.resources;

import java.util.Objects;
import java.util.Optional;

/**
 * A task's state at a moment, with the reason a person can read ("exited with code 3",
 * "killed by signal 9 (SIGKILL)", "waiting for 0.25 cpus"). {@code exitCode} is set once the
 * process has ended, {@code pid} while it runs; both are null otherwise.
 */
public record TaskStatus(TaskId taskId, FrameworkId frameworkId, AgentId agentId, TaskState state,
                         String reason, Integer exitCode, Long pid, long timestampMillis) {

    public TaskStatus {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
    }

    public Optional<Integer> exitCodeIfEnded() {
        return Optional.ofNullable(exitCode);
    }

    public Optional<Long> pidIfRunning() {
        return Optional.ofNullable(pid);
    }

    public TaskStatus withState(TaskState newState, String newReason, long atMillis) {
        return new TaskStatus(taskId, frameworkId, agentId, newState, newReason, exitCode,
                newState.isTerminal() ? null : pid, atMillis);
    }
}
