package io.strata.pipelines;

import java.util.List;

/**
 * The slow side of one pipeline: reading the cluster and acting on it. Calls block (HTTP, CQL,
 * Kafka admin); the actor makes them on an executor, one at a time per pipeline, so a slow
 * pipeline never holds up another's decisions.
 */
interface PipelineIo extends AutoCloseable {

    Observation observe(Watch watch);

    List<Outcome> act(List<Action> actions);

    @Override
    void close();

    /** Makes one per pipeline; group null = the default group. */
    interface Factory {
        PipelineIo open(String pipeline, String group);
    }

    /** The real one: the operator API on this node and Kafka's admin client. */
    static Factory cluster(LocalApi api) {
        return (pipeline, group) -> of(new PipelineObserver(api, new KafkaOffsets(), pipeline),
                new ActionRunner(api, pipeline, group));
    }

    static PipelineIo of(PipelineObserver observer, ActionRunner runner) {
        return new PipelineIo() {
            @Override
            public Observation observe(Watch watch) {
                return observer.observe(watch);
            }

            @Override
            public List<Outcome> act(List<Action> actions) {
                return runner.run(actions);
            }

            @Override
            public void close() {
                observer.close();
            }
        };
    }
}
