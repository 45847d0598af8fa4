package io.strata.service;

/**
 * One pod's part of a plan. A deploy step is complete while its pod is ready (or deleted) and
 * pending whenever the pod waits for an offer, so the deploy plan also recovers failed, restarted
 * and replaced pods. An operation step (restart, replace) is pending until the planner starts it
 * (stops or resets its pod), then in progress until the pod is ready again.
 */
record Step(String podId, Kind kind, boolean started) {

    enum Kind { DEPLOY, RESTART, REPLACE }

    enum Status { PENDING, IN_PROGRESS, COMPLETE }

    static Step of(String podId, Kind kind) {
        return new Step(podId, kind, false);
    }

    /** Its status given its pod now; a pod that no longer exists has nothing left to do. */
    Status status(PodRecord pod) {
        if (pod == null) {
            return Status.COMPLETE;
        }
        if (kind == Kind.DEPLOY) {
            return switch (pod.state()) {
                case READY, DELETED -> Status.COMPLETE;
                case WAITING, RESTARTING -> Status.PENDING;
                default -> Status.IN_PROGRESS;
            };
        }
        if (!started) {
            return Status.PENDING;
        }
        return pod.state() == PodState.READY ? Status.COMPLETE : Status.IN_PROGRESS;
    }

    Step start() {
        return new Step(podId, kind, true);
    }
}
