package io.strata.pipelines;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One service of a pipeline as saved with it.
 *
 * @param type      the framework's API name (kafka, cassandra)
 * @param created   the create request was accepted (always true for an existing service)
 * @param endpoints what {@code ${key.x}} references resolve to, in the order the status shows them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ServiceRecord(String key, String name, String type, boolean existing, boolean created, ServiceState state,
                     String reason, Map<String, String> endpoints, boolean topicsReady, boolean schemaApplied,
                     boolean deleted) {

    ServiceRecord {
        state = state == null ? ServiceState.PENDING : state;
        reason = reason == null ? "" : reason;
        endpoints = endpoints == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
    }

    static ServiceRecord of(ServiceSpec spec, String pipeline) {
        boolean existing = spec.existing() != null;
        return new ServiceRecord(spec.key(), spec.serviceName(pipeline), spec.type().apiName(), existing, existing,
                ServiceState.PENDING, "", Map.of(), false, false, false);
    }

    ServiceRecord createdNow() {
        return new ServiceRecord(key, name, type, existing, true, ServiceState.DEPLOYING, reason, endpoints, topicsReady,
                schemaApplied, deleted);
    }

    ServiceRecord seen(ServiceState s, String why, Map<String, String> at) {
        return new ServiceRecord(key, name, type, existing, created, s, why, at, topicsReady, schemaApplied, deleted);
    }

    ServiceRecord withState(ServiceState s) {
        return seen(s, reason, endpoints);
    }

    ServiceRecord withReason(String why) {
        return seen(state, why, endpoints);
    }

    ServiceRecord withTopicsReady() {
        return new ServiceRecord(key, name, type, existing, created, state, reason, endpoints, true, schemaApplied,
                deleted);
    }

    ServiceRecord withSchemaApplied() {
        return new ServiceRecord(key, name, type, existing, created, state, reason, endpoints, topicsReady, true,
                deleted);
    }

    ServiceRecord deletedNow() {
        return new ServiceRecord(key, name, type, existing, created, ServiceState.DELETED, reason, endpoints,
                topicsReady, schemaApplied, true);
    }
}
