package io.strata.resources;

import java.util.Objects;

/** Identifies an agent (one host's resource provider) by a cluster-unique string. */
public record AgentId(String value) implements Comparable<AgentId> {
    public AgentId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("AgentId must not be blank");
        }
    }

    public static AgentId of(String value) {
        return new AgentId(value);
    }

    @Override
    public int compareTo(AgentId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
