package io.strata.pipelines;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.strata.pipelines.spec.PipelineSpec.SourceSpec;

/**
 * One source of a pipeline as saved with it.
 *
 * @param taskId its ad-hoc task; null until started
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record SourceRecord(String key, String type, String taskId, RunState state, String reason, long startedAt) {

    SourceRecord {
        state = state == null ? RunState.WAITING : state;
        reason = reason == null ? "" : reason;
    }

    static SourceRecord of(SourceSpec spec) {
        return new SourceRecord(spec.key(), spec.type(), null, RunState.WAITING, "", 0);
    }

    boolean started() {
        return taskId != null;
    }

    boolean ended() {
        return state.ended();
    }

    SourceRecord startedAs(String id, long now) {
        return new SourceRecord(key, type, id, RunState.PENDING, "submitted", now);
    }

    /** What the cluster said; a null state keeps the one known. */
    SourceRecord seen(RunState s, String why) {
        return new SourceRecord(key, type, taskId, s == null ? state : s, why, startedAt);
    }

    SourceRecord withReason(String why) {
        return seen(state, why);
    }
}
