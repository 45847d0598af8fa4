package io.strata.resources;

import java.util.Objects;

/** Identifies a registered framework by a cluster-unique string. */
public record FrameworkId(String value) implements Comparable<FrameworkId> {
    public FrameworkId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("FrameworkId must not be blank");
        }
    }

    public static FrameworkId of(String value) {
        return new FrameworkId(value);
    }

    @Override
    public int compareTo(FrameworkId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
