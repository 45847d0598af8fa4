package io.strata.pipelines;

import io.strata.pipelines.Outcome.Done;
import io.strata.pipelines.Outcome.Failed;
import io.strata.pipelines.Outcome.Refused;
import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Cassandra service: its endpoints are {@code contactPoints} and the data center its nodes use;
 * it is prepared once its schema (if any) is applied.
 */
record CassandraServiceStage(ServiceSpec spec, String name, String datacenter) implements ServiceStage {

    @Override
    public List<String> endpointFields() {
        return List.of("contactPoints");
    }

    @Override
    public Map<String, String> endpoints(Map<String, String> fields) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("contactPoints", fields.getOrDefault("contactPoints", ""));
        e.put("datacenter", datacenter);
        return e;
    }

    @Override
    public boolean prepared(ServiceRecord s) {
        return s.schemaApplied();
    }

    @Override
    public Decision prepare(PipelineRecord r, ServiceRecord s) {
        if (spec.schema() == null || spec.schema().isBlank()) {
            return Decision.none(r.with(s.withSchemaApplied()));
        }
        return Decision.of(r, new Action.ApplySchema(key(), name, spec.schema()));
    }

    @Override
    public PipelineRecord afterPrepare(PipelineRecord r, ServiceRecord s, Outcome outcome) {
        if (outcome instanceof Done) {
            return r.with(s.withSchemaApplied());
        }
        if (outcome instanceof Refused x) {
            return r.failed("services." + key() + ".schema: " + x.error());
        }
        if (outcome instanceof Failed x) {
            return r.with(s.withReason("applying the schema: " + x.error()));
        }
        return r;
    }
}
