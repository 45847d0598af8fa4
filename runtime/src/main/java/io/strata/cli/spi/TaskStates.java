package io.strata.cli.spi;

import io.strata.resources.TaskState;

/** Task states as the API reports them. */
public final class TaskStates {

    private TaskStates() {
    }

    /** A state this CLI does not know is taken as still running; no state at all as ended. */
    public static boolean isTerminal(String state) {
        if (state == null || state.isBlank()) {
            return true;
        }
        try {
            return TaskState.valueOf(state).isTerminal();
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }
}
