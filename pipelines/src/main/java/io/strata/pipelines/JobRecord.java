package io.strata.pipelines;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.strata.pipelines.spec.PipelineSpec.JobSpec;

import java.util.Locale;

/**
 * One Spark job of a pipeline as saved with it.
 *
 * @param kind         streaming or batch
 * @param submissionId the Spark submission, which is also its driver's task id; null until submitted
 * @param processed    offsets the job committed to its group, as last read
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record JobRecord(String key, String kind, String submissionId, RunState state, String reason, int executorsRunning,
                 long processed, long lag, long startedAt) {

    JobRecord {
        state = state == null ? RunState.WAITING : state;
        reason = reason == null ? "" : reason;
    }

    static JobRecord of(JobSpec spec) {
        return new JobRecord(spec.key(), spec.kind().name().toLowerCase(Locale.ROOT), null, RunState.WAITING, "", 0, 0,
                0, 0);
    }

    boolean submitted() {
        return submissionId != null;
    }

    boolean ended() {
        return state.ended();
    }

    JobRecord submittedAs(String id, long now) {
        return new JobRecord(key, kind, id, RunState.QUEUED, "submitted", executorsRunning, processed, lag, now);
    }

    /** What the cluster said; a null state or executor count keeps the one known. */
    JobRecord seen(RunState s, String why, Integer executors) {
        return new JobRecord(key, kind, submissionId, s == null ? state : s, why,
                executors == null ? executorsRunning : executors, processed, lag, startedAt);
    }

    JobRecord withReason(String why) {
        return seen(state, why, executorsRunning);
    }

    JobRecord withProgress(long committed, long behind) {
        return new JobRecord(key, kind, submissionId, state, reason, executorsRunning, committed, behind, startedAt);
    }
}
