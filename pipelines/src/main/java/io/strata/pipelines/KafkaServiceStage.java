package io.strata.pipelines;

import io.strata.pipelines.Outcome.Done;
import io.strata.pipelines.Outcome.Failed;
import io.strata.pipelines.Outcome.Refused;
import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;

import java.util.List;
import java.util.Map;

/** A Kafka service: its endpoint is {@code bootstrap}; it is prepared once its topics exist. */
record KafkaServiceStage(ServiceSpec spec, String name) implements ServiceStage {

    @Override
    public List<String> endpointFields() {
        return List.of("bootstrap");
    }

    @Override
    public Map<String, String> endpoints(Map<String, String> fields) {
        return Map.of("bootstrap", fields.getOrDefault("bootstrap", ""));
    }

    @Override
    public boolean prepared(ServiceRecord s) {
        return s.topicsReady();
    }

    @Override
    public Decision prepare(PipelineRecord r, ServiceRecord s) {
        if (spec.topics().isEmpty()) {
            return Decision.none(r.with(s.withTopicsReady()));
        }
        return Decision.of(r, new Action.CreateTopics(key(), name, spec.topics()));
    }

    /** A refused topic fails the pipeline; the runner's error already names the topic. */
    @Override
    public PipelineRecord afterPrepare(PipelineRecord r, ServiceRecord s, Outcome outcome) {
        if (outcome instanceof Done) {
            return r.with(s.withTopicsReady());
        }
        if (outcome instanceof Refused x) {
            return r.failed("services." + key() + ".topics: " + x.error());
        }
        if (outcome instanceof Failed x) {
            return r.with(s.withReason(x.error()));
        }
        return r;
    }
}
