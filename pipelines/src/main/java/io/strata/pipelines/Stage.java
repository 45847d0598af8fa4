package io.strata.pipelines;

import java.util.List;
import java.util.Optional;

/**
 * One element of a pipeline — a Kafka or Cassandra service, an app, a Spark job, a source — and every
 * decision about it: when it is ready for what depends on it, what to read about it, what the
 * reading means, what to do next while the pipeline starts and while it stops, and what an
 * action's outcome means. Pure: records in, records and actions out.
 */
sealed interface Stage permits ServiceStage, AppStage, SparkJobStage, SourceStage {

    /** The record and the actions a stage decided on. */
    record Decision(PipelineRecord record, List<Action> actions) {
        public Decision {
            actions = List.copyOf(actions);
        }

        static Decision none(PipelineRecord r) {
            return new Decision(r, List.of());
        }

        static Decision of(PipelineRecord r, Action a) {
            return new Decision(r, List.of(a));
        }
    }

    /** Its key in the pipeline file. */
    String key();

    /** Whether what waits for this stage may go ahead. */
    boolean ready(PipelineRecord r);

    /** What to ask the cluster about it this step, if anything. */
    Optional<Watch.Probe> probe(PipelineRecord r);

    /** The record after what the cluster said about it (unchanged when it said nothing). */
    PipelineRecord absorb(PipelineRecord r, Observation seen);

    /** While the pipeline starts or runs: what to do next, or why it waits (in the record). */
    Decision start(PipelineRecord r, Stages all);

    /** Whether it is down as far as a stop takes it. */
    boolean stopped(PipelineRecord r);

    /** While the pipeline stops: what takes it down. */
    Decision stop(PipelineRecord r, Observation seen);

    /** The record after one of its actions went as {@code outcome} says. */
    PipelineRecord apply(PipelineRecord r, Outcome outcome, long now);
}
