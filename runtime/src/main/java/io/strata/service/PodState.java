package io.strata.service;

/** Where a pod is in its life, as the service SDK tracks it. */
public enum PodState {
    /** Needs an offer (first placement, or again after a replace). */
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
    DELETED
}
