package io.strata.pipelines;

import java.util.Map;

/**
 * One pipeline as the planner sees it: its saved record, plus what the planner remembers between
 * steps without saving it. A resumed pipeline starts these afresh, as if nothing had been read yet.
 *
 * @param offsetsAskedAt  when the planner last asked for Kafka offsets
 * @param writtenAskedAt  when the planner last asked for the 'written' count
 * @param ends            the end offsets by input ("kafka/readings") from the last reading
 * @param lookedDrainedAt when everything first looked drained (0: not yet); DRAINED needs offsets asked for later
 */
record PipelineRun(PipelineRecord record, long offsetsAskedAt, long writtenAskedAt, Map<String, Long> ends,
                   long lookedDrainedAt) {

    PipelineRun {
        ends = Map.copyOf(ends);
    }

    static PipelineRun of(PipelineRecord r) {
        return new PipelineRun(r, 0, 0, Map.of(), 0);
    }

    PipelineRun with(PipelineRecord r) {
        return new PipelineRun(r, offsetsAskedAt, writtenAskedAt, ends, lookedDrainedAt);
    }

    PipelineRun offsetsAskedAt(long now) {
        return new PipelineRun(record, now, writtenAskedAt, ends, lookedDrainedAt);
    }

    PipelineRun writtenAskedAt(long now) {
        return new PipelineRun(record, offsetsAskedAt, now, ends, lookedDrainedAt);
    }

    PipelineRun withEnds(Map<String, Long> read) {
        return new PipelineRun(record, offsetsAskedAt, writtenAskedAt, read, lookedDrainedAt);
    }

    PipelineRun lookedDrainedAt(long at) {
        return new PipelineRun(record, offsetsAskedAt, writtenAskedAt, ends, at);
    }
}
