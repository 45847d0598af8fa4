package io.strata.service;

import io.strata.protocol.StrataMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the SDK knows of one pod; saved with the service so that a restarted scheduler
 * finds its pods, their agents, ports and volumes again.
 *
 * @param state            see {@link PodState}
 * @param volumeCreated    whether the master has created the pod's volume (a launch was accepted)
 * @param restarts         how often its task ended unexpectedly, over the pod's whole life
 * @param pendingOp        what a requested stop leads to while the pod is STOPPING, else null
 * @param avoidAgent       an agent a replaced pod must not go back to, or null
 * @param replacing        where the pod lived before a replace, until it is ready again; or null
 * @param recentRestarts   unexpected ends since the pod was last ready for a stable window; the
 *                         restart backoff grows with it
 * @param readySinceMillis when the pod last became ready
 * @param agentLostAtMillis when the master said the pod's agent was lost, while it still waits for
 *                         that agent; 0 otherwise (and in records saved before this field existed)
 * @param restartHistory   its last {@value #RESTARTS_KEPT} restarts (failures, restarts and replaces on
 *                         request), oldest first; empty in records saved before this field existed
 */
public record PodRecord(String id, String type, int index, Placement placement, String volumeId,
                        boolean volumeCreated, String taskId, int attempt, int restarts, PodState state,
                        String reason, StopIntent pendingOp, String avoidAgent, long notBeforeMillis,
                        Placement replacing, int recentRestarts, long readySinceMillis, long agentLostAtMillis,
                        List<PodRestart> restartHistory)
        implements StrataMessage {

    /** How many of its restarts a pod remembers (newest last). */
    static final int RESTARTS_KEPT = 10;

    /** Records saved before the restart history existed have none. */
    public PodRecord {
        restartHistory = restartHistory == null ? List.of() : List.copyOf(restartHistory);
    }

    static PodRecord fresh(String type, int index, String volumeId) {
        return new PodRecord(type + "-" + index, type, index, null, volumeId, false, null, 0, 0, PodState.WAITING,
                "waiting for resources", null, null, 0, null, 0, 0, 0, List.of());
    }

    /** In {@code newState} for {@code newReason}; a stop's intent lasts only while the pod is stopping. */
    PodRecord with(PodState newState, String newReason) {
        return new PodRecord(id, type, index, placement, volumeId, volumeCreated, taskId, attempt, restarts, newState,
                newReason, newState == PodState.STOPPING ? pendingOp : null, avoidAgent, notBeforeMillis, replacing,
                recentRestarts, readySinceMillis, agentLostAtMillis, restartHistory);
    }

    /** Given an agent and ports by a match, before its task is rendered with every pod's address. */
    PodRecord placed(Placement p) {
        return new PodRecord(id, type, index, p, volumeId, volumeCreated, taskId, attempt, restarts, state, reason,
                pendingOp, avoidAgent, notBeforeMillis, replacing, recentRestarts,
                readySinceMillis, agentLostAtMillis, restartHistory);
    }

    PodRecord launched(Placement p, String newTaskId, int newAttempt) {
        return new PodRecord(id, type, index, p, volumeId, volumeCreated, newTaskId, newAttempt, restarts,
                PodState.STARTING, "launching on " + p.agentId() + " (" + p.host() + ")", null, avoidAgent, 0,
                replacing, recentRestarts, readySinceMillis, 0, restartHistory);
    }

    PodRecord withVolumeCreated() {
        return new PodRecord(id, type, index, placement, volumeId, true, taskId, attempt, restarts, state, reason,
                pendingOp, avoidAgent, notBeforeMillis, replacing, recentRestarts,
                readySinceMillis, agentLostAtMillis, restartHistory);
    }

    PodRecord stopping(StopIntent intent, String why) {
        return new PodRecord(id, type, index, placement, volumeId, volumeCreated, taskId, attempt, restarts,
                PodState.STOPPING, why, intent, avoidAgent, notBeforeMillis, replacing, recentRestarts,
                readySinceMillis, agentLostAtMillis, restartHistory);
    }

    PodRecord restarting(String why, long notBefore) {
        return new PodRecord(id, type, index, placement, volumeId, volumeCreated, taskId, attempt, restarts + 1,
                PodState.RESTARTING, why, null, avoidAgent, notBefore, replacing, recentRestarts + 1, readySinceMillis,
                agentLostAtMillis, restartHistory);
    }

    /** Forget the pod's agent and data: it starts afresh elsewhere with a new volume. */
    PodRecord replaced(String newVolumeId, String why) {
        return new PodRecord(id, type, index, null, newVolumeId, false, null, attempt, restarts, PodState.WAITING,
                why, null, placement == null ? avoidAgent : placement.agentId().value(), 0,
                placement == null ? replacing : placement, recentRestarts, readySinceMillis, 0, restartHistory);
    }

    /** Ready (again): after a replace, the old address is history. */
    PodRecord ready(long now) {
        return new PodRecord(id, type, index, placement, volumeId, volumeCreated, taskId, attempt, restarts,
                PodState.READY, "ready", null, null, notBeforeMillis, null, recentRestarts, now, 0, restartHistory);
    }

    /** Its agent was lost at {@code at} (kept if it was already known lost), with {@code why} as its reason. */
    PodRecord agentLost(long at, String why) {
        return new PodRecord(id, type, index, placement, volumeId, volumeCreated, taskId, attempt, restarts, state,
                why, pendingOp, avoidAgent, notBeforeMillis, replacing, recentRestarts, readySinceMillis,
                agentLostAtMillis > 0 ? agentLostAtMillis : at, restartHistory);
    }

    /** Its agent is back: it restarts there as any failed pod does. */
    PodRecord agentBack(String why) {
        return new PodRecord(id, type, index, placement, volumeId, volumeCreated, taskId, attempt, restarts, state,
                why, pendingOp, avoidAgent, notBeforeMillis, replacing, recentRestarts,
                readySinceMillis, 0, restartHistory);
    }

    /** The same pod remembering a restart at {@code now} for {@code why}, of the task it ran (if any). */
    PodRecord withRestart(long now, String why) {
        List<PodRestart> history = new ArrayList<>(restartHistory);
        history.add(new PodRestart(Instant.ofEpochMilli(now).toString(), why, taskId));
        List<PodRestart> kept = history.subList(Math.max(0, history.size() - RESTARTS_KEPT), history.size());
        return new PodRecord(id, type, index, placement, volumeId, volumeCreated, taskId, attempt, restarts, state,
                reason, pendingOp, avoidAgent, notBeforeMillis, replacing, recentRestarts, readySinceMillis,
                agentLostAtMillis, kept);
    }

    /** Whether the master said its agent was lost and the pod still waits for that agent. */
    boolean agentIsLost() {
        return agentLostAtMillis > 0;
    }

    /** Ready long enough that its earlier failures no longer lengthen the next backoff. */
    PodRecord stable() {
        return new PodRecord(id, type, index, placement, volumeId, volumeCreated, taskId, attempt, restarts, state,
                reason, pendingOp, avoidAgent, notBeforeMillis, replacing, 0, readySinceMillis,
                agentLostAtMillis, restartHistory);
    }

    /** Whether the pod needs an offer now: it waits, or its restart backoff is over. */
    boolean needsOffer(long now) {
        return state == PodState.WAITING || state == PodState.RESTARTING && now >= notBeforeMillis;
    }

    /** Whether its task is launched and not yet asked to stop: it has to be killed before the pod can go. */
    boolean taskMayRun() {
        return taskId != null && (state == PodState.STARTING || state == PodState.RUNNING || state == PodState.READY);
    }

    /**
     * Whether the master may hold the pod's volume: it confirmed it, or a task was launched with it
     * (a task killed before its first status never confirms its volume).
     */
    boolean mayHoldVolume() {
        return volumeId != null && (volumeCreated || taskId != null);
    }

    PodView view() {
        return new PodView(id, type, index, placement, volumeId, replacing);
    }
}
