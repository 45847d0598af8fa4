package io.strata.pipelines;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A pipeline's service as the pipeline shows it: the state its framework reports (DEPLOYING,
 * RUNNING, DEGRADED, RESTARTING, DELETING) or the pipeline's own: PENDING before it is created,
 * GONE when it vanished under a running pipeline, DELETED once stop removed it, UNKNOWN for a state
 * this orchestrator has never heard of.
 */
enum ServiceState {
    PENDING, DEPLOYING, RUNNING, DEGRADED, RESTARTING, DELETING, DELETED, GONE, UNKNOWN;

    /** What a framework or a saved record says; UNKNOWN when it says nothing this code knows. */
    @JsonCreator
    static ServiceState of(String name) {
        for (ServiceState s : values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
