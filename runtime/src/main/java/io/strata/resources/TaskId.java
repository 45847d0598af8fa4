package io.strata.resources;

import java.util.Objects;

/** Identifies a task by a cluster-unique string chosen by its framework. */
public record TaskId(String value) implements Comparable<TaskId> {
    public TaskId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("TaskId must not be blank");
        }
    }

    public static TaskId of(String value) {
        return new TaskId(value);
    }

    @Override
    public int compareTo(TaskId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
