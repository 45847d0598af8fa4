package io.strata.service;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a pod is in its life, as the service SDK tracks it, and which moves between states are
 * legal. The planner refuses (and counts) any other move, so a late or repeated task status, for
 * instance a second failure report for a pod already waiting out its backoff, changes nothing.
 */
public enum PodState {
    /** Needs an offer (first placement, or again after a requested restart or a replace). */
    WAITING,
    /** Its task was launched and is not running yet. */
    STARTING,
    /** Its task runs; its readiness check has not passed yet. */
    RUNNING,
    /** Running and ready. */
    READY,
    /** Its task ended unexpectedly; it will be relaunched on its agent after a backoff. */
    RESTARTING,
    /** Its task is being stopped on purpose (restart, replace or delete). */
    STOPPING,
    /** Gone for good (the service is being deleted). */
    DELETED;

    private static final Map<PodState, Set<PodState>> NEXT = new EnumMap<>(PodState.class);

    static {
        // A pod with a task that may still run leaves only when that task ends (RESTARTING, WAITING
        // after a rejected launch) or through STOPPING, so no process outlives its pod's record.
        NEXT.put(WAITING, EnumSet.of(WAITING, STARTING, DELETED));
        NEXT.put(STARTING, EnumSet.of(RUNNING, WAITING, RESTARTING, STOPPING));
        NEXT.put(RUNNING, EnumSet.of(RUNNING, READY, RESTARTING, STOPPING));
        NEXT.put(READY, EnumSet.of(RESTARTING, STOPPING));
        NEXT.put(RESTARTING, EnumSet.of(STARTING, WAITING, DELETED));
        NEXT.put(STOPPING, EnumSet.of(STOPPING, WAITING, DELETED));
        NEXT.put(DELETED, EnumSet.noneOf(PodState.class));
    }

    /**
     * Whether a pod in this state may move to {@code next}. A move to the same state is listed
     * only where it means something: a new reason while waiting or not yet ready, or a delete that
     * overrides the intent of a stop already under way.
     */
    public boolean canTransitionTo(PodState next) {
        return NEXT.get(this).contains(next);
    }
}
