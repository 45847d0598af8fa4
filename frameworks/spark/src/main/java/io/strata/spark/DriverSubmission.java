package io.strata.spark;

import io.strata.service.Demand;
import io.strata.spark.SparkProtocol.SubmissionRequest;
import io.strata.spark.SparkProtocol.SubmissionView;

/**
 * One submission of the dispatcher's queue, as stored ({@link SubmissionRecords}).
 *
 * @param runs           driver runs started so far; the n-th run's task id is {@link #taskId()}
 * @param failures       failures in a row of a supervised driver
 * @param restartAt      epoch millis from which a RESTARTING driver may start again
 * @param runningSince   when its current run reached RUNNING, 0 if it has not
 * @param agentGoneSince since when the agent holding its volume is missing, 0 while it is there
 * @param killRequested  an operator asked for its end: no restart whatever its driver reports
 * @param uiUrl          where the current run's driver serves the Spark UI (an offered port of its agent),
 *                       or null (no port offered, the UI turned off, records saved before it existed)
 */
record DriverSubmission(String id, SubmissionRequest request, String state, String reason, String agentId,
                        long submittedAt, int runs, int failures, long restartAt, long runningSince,
                        long agentGoneSince, boolean killRequested, String uiUrl) {

    static DriverSubmission queued(String id, SubmissionRequest request, String reason, long now) {
        return new DriverSubmission(id, request, DriverQueue.QUEUED, reason, null, now, 0, 0, 0, 0, 0, false, null);
    }

    /** The first run's task id is the submission id, as before supervision existed. */
    String taskId() {
        return runs <= 1 ? id : id + "-run" + runs;
    }

    boolean ended() {
        return DriverQueue.isTerminal(state);
    }

    boolean waiting() {
        return state.equals(DriverQueue.QUEUED) || state.equals(DriverQueue.RESTARTING);
    }

    String volumeName() {
        return request.checkpointVolume() == null ? null : request.checkpointVolume().name();
    }

    DriverSubmission to(String newState, String newReason) {
        return new DriverSubmission(id, request, newState, newReason, agentId, submittedAt, runs, failures, restartAt,
                runningSince, agentGoneSince, killRequested, uiUrl);
    }

    DriverSubmission launched(String agent, String newReason, String newUiUrl) {
        return new DriverSubmission(id, request, "STAGING", newReason, agent, submittedAt, runs + 1, failures, 0, 0, 0,
                killRequested, newUiUrl);
    }

    DriverSubmission on(String agent) {
        return new DriverSubmission(id, request, state, reason, agent, submittedAt, runs, failures, restartAt,
                runningSince, agentGoneSince, killRequested, uiUrl);
    }

    DriverSubmission running(long since) {
        return new DriverSubmission(id, request, state, reason, agentId, submittedAt, runs, failures, restartAt, since,
                agentGoneSince, killRequested, uiUrl);
    }

    DriverSubmission restarting(String newReason, int newFailures, long at) {
        return new DriverSubmission(id, request, DriverQueue.RESTARTING, newReason, agentId, submittedAt, runs, newFailures, at, 0,
                agentGoneSince, killRequested, uiUrl);
    }

    DriverSubmission agentGone(long since) {
        return new DriverSubmission(id, request, state, reason, agentId, submittedAt, runs, failures, restartAt,
                runningSince, since, killRequested, uiUrl);
    }

    DriverSubmission killAsked() {
        return new DriverSubmission(id, request, state, reason, agentId, submittedAt, runs, failures, restartAt,
                runningSince, agentGoneSince, true, uiUrl);
    }

    /** While it waits: what its driver asks of an agent (its volume's agent once it has one); the UI while it runs. */
    SubmissionView view() {
        Demand demand = !waiting() ? null : Demand.of(DriverQueue.demand(request, agentId == null),
                SparkTasks.uiEnabled(request) ? 1 : 0, request.groupName(), volumeName() == null ? null : agentId,
                java.util.Map.of());
        return new SubmissionView(id, request.name(), request.mainClass(), state, reason, taskId(), agentId, null,
                submittedAt, volumeName(), Math.max(0, runs - 1), request.groupName(), demand,
                state.equals("RUNNING") ? uiUrl : null);
    }
}
