package io.strata.pipelines;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job's driver or a source's task is, as the pipeline shows it: WAITING until the pipeline
 * starts it, QUEUED while its Spark submission waits for an offer, then the task's own states;
 * RESTARTING while a streaming job's driver waits to start again beside its checkpoint.
 * UNKNOWN stands for a state this orchestrator has never heard of.
 */
enum RunState {
    WAITING, QUEUED, PENDING, STAGING, STARTING, RUNNING, RESTARTING, FINISHED, FAILED, KILLED, LOST, UNKNOWN;

    private static final Set<RunState> ENDED = EnumSet.of(FINISHED, FAILED, KILLED, LOST);

    boolean ended() {
        return ENDED.contains(this);
    }

    /** What the cluster or a saved record says; UNKNOWN when it says nothing this code knows. */
    @JsonCreator
    static RunState of(String name) {
        for (RunState s : values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
