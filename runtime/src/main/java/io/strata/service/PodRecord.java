package io.strata.service;

import io.strata.protocol.StrataMessage;

/**
 * Everything the SDK knows of one pod; saved with the service so that a restarted scheduler
 * finds its pods, their agents, ports and volumes again.
 *
 * @param state          see {@link PodState}
 * @param volumeCreated  whether the master has created the pod's volume (a launch was accepted)
 * @param pendingOp      what a requested stop leads to while the pod is STOPPING, else null
 * @param avoidAgent     an agent a replaced pod must not go back to, or null
 * @param replacing      where the pod lived before a replace, until it is ready again; or null
 */
public record PodRecord(String id, String type, int index, Placement placement, String volumeId,
                        boolean volumeCreated, String taskId, int attempt, int restarts, PodState state,
                        String reason, StopIntent pendingOp, String avoidAgent, long notBeforeMillis,
                        Placement replacing)
        implements StrataMessage {

    static PodRecord fresh(String type, int index, String volumeId) {
        return new PodRecord(type + "-" + index, type, index, null, volumeId, false, null, 0, 0, PodState.WAITING,
                "waiting for resources", null, null, 0, null);
    }

    /** In {@code newState} for {@code newReason}; a stop's intent lasts only while the pod is stopping. */
    PodRecord with(PodState newState, String newReason) {
        return new PodRecord(id, type, index, placement, volumeId, volumeCreated, taskId, attempt, restarts, newState,
                newReason, newState == PodState.STOPPING ? pendingOp : null, avoidAgent, notBeforeMillis, replacing);
    }

    PodRecord launched(Placement p, String newTaskId, int newAttempt) {
        return new PodRecord(id, type, index, p, volumeId, volumeCreated, newTaskId, newAttempt, restarts,
                PodState.STARTING, "launching on " + p.agentId() + " (" + p.host() + ")", null, avoidAgent, 0, replacing);
    }

    PodRecord withVolumeCreated() {
        return new PodRecord(id, type, index, placement, volumeId, true, taskId, attempt, restarts, state, reason,
                pendingOp, avoidAgent, notBeforeMillis, replacing);
    }

    PodRecord stopping(StopIntent intent, String why) {
        return new PodRecord(id, type, index, placement, volumeId, volumeCreated, taskId, attempt, restarts,
                PodState.STOPPING, why, intent, avoidAgent, notBeforeMillis, replacing);
    }

    PodRecord restarting(String why, long notBefore) {
        return new PodRecord(id, type, index, placement, volumeId, volumeCreated, taskId, attempt, restarts + 1,
                PodState.RESTARTING, why, null, avoidAgent, notBefore, replacing);
    }

    /** Forget the pod's agent and data: it starts afresh elsewhere with a new volume. */
    PodRecord replaced(String newVolumeId, String why) {
        return new PodRecord(id, type, index, null, newVolumeId, false, null, attempt, restarts, PodState.WAITING,
                why, null, placement == null ? avoidAgent : placement.agentId().value(), 0,
                placement == null ? replacing : placement);
    }

    /** Ready again after a replace: the old address is history. */
    PodRecord settled() {
        return new PodRecord(id, type, index, placement, volumeId, volumeCreated, taskId, attempt, restarts, state, reason,
                pendingOp, null, notBeforeMillis, null);
    }

    PodView view() {
        return new PodView(id, type, index, placement, volumeId, replacing);
    }
}
