package io.strata.apps;

import java.util.Objects;

/** One running (or starting, or stopping) instance of an app, and the app version it runs. */
public record Instance(String id, int version, InstanceState state) {

    public Instance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        if (version < 1) {
            throw new IllegalArgumentException("instance " + id + ": versions start at 1, got " + version);
        }
    }

    Instance with(InstanceState next) {
        return new Instance(id, version, next);
    }
}
