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

    /**
     * The real one: the operator API on this node and Kafka's admin client; {@code grace} is the
     * masters' re-registration grace (a task unknown to a master that took over less than that ago
     * is not yet gone).
     */
    static Factory cluster(LocalApi api, java.time.Duration grace) {
        return (pipeline, group) -> of(new PipelineObserver(api, new KafkaOffsets(), pipeline, grace, java.time.Clock.systemUTC()),
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
