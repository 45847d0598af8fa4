package io.strata.spark;

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
 */
record DriverSubmission(String id, SubmissionRequest request, String state, String reason, String agentId,
                        long submittedAt, int runs, int failures, long restartAt, long runningSince,
                        long agentGoneSince, boolean killRequested) {

    static DriverSubmission queued(String id, SubmissionRequest request, String reason, long now) {
        return new DriverSubmission(id, request, DriverQueue.QUEUED, reason, null, now, 0, 0, 0, 0, 0, false);
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
                runningSince, agentGoneSince, killRequested);
    }

    DriverSubmission launched(String agent, String newReason) {
        return new DriverSubmission(id, request, "STAGING", newReason, agent, submittedAt, runs + 1, failures, 0, 0, 0,
                killRequested);
    }

    DriverSubmission on(String agent) {
        return new DriverSubmission(id, request, state, reason, agent, submittedAt, runs, failures, restartAt,
                runningSince, agentGoneSince, killRequested);
    }

    DriverSubmission running(long since) {
        return new DriverSubmission(id, request, state, reason, agentId, submittedAt, runs, failures, restartAt, since,
                agentGoneSince, killRequested);
    }

    DriverSubmission restarting(String newReason, int newFailures, long at) {
        return new DriverSubmission(id, request, DriverQueue.RESTARTING, newReason, agentId, submittedAt, runs, newFailures, at, 0,
                agentGoneSince, killRequested);
    }

    DriverSubmission agentGone(long since) {
        return new DriverSubmission(id, request, state, reason, agentId, submittedAt, runs, failures, restartAt,
                runningSince, since, killRequested);
    }

    DriverSubmission killAsked() {
        return new DriverSubmission(id, request, state, reason, agentId, submittedAt, runs, failures, restartAt,
                runningSince, agentGoneSince, true);
    }

    SubmissionView view() {
        return new SubmissionView(id, request.name(), request.mainClass(), state, reason, taskId(), agentId, null,
                submittedAt, volumeName(), Math.max(0, runs - 1), request.groupName());
    }
}
