package io.strata.resources;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a task: PENDING → STAGING → STARTING → RUNNING → FINISHED | FAILED | KILLED | LOST.
 * A task may end from any non-terminal state (it can fail to launch, be killed while staging, or
 * be lost with its agent). Terminal states never change again.
 */
public enum TaskState {
    /** Known to its framework, waiting for resources. */
    PENDING,
    /** Resources accepted; the launch is on its way to the agent. */
    STAGING,
    /** The agent is preparing the sandbox and starting the process. */
    STARTING,
    /** The process runs. */
    RUNNING,
    /** The process exited with code 0. */
    FINISHED,
    /** The process exited non-zero, died by a signal, or could not be started. */
    FAILED,
    /** Stopped on request. */
    KILLED,
    /** Its agent or process disappeared and its fate is unknown. */
    LOST;

    private static final Set<TaskState> TERMINAL = EnumSet.of(FINISHED, FAILED, KILLED, LOST);

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Legal transitions: forward along the life line, or to any terminal state, never back. */
    public boolean canTransitionTo(TaskState next) {
        if (isTerminal()) {
            return false;
        }
        if (next.isTerminal()) {
            return next != FINISHED || this == RUNNING || this == STARTING;
        }
        return next.ordinal() > ordinal();
    }
}
