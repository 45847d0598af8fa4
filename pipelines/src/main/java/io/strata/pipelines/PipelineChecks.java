package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.pipelines.spec.PipelineSpec.CheckSpec;
import io.strata.pipelines.spec.References;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline's checks: each CQL query runs at consistency ALL and its expectation must hold on
 * every row. Blocking (the actor runs it off its thread) and read-only.
 */
final class PipelineChecks {

    private final LocalApi api;

    PipelineChecks(LocalApi api) {
        this.api = api;
    }

    /** {@code {"checks": [{name, expect, rows, row, passed, problem}], "passed", "events_produced"}}. */
    ObjectNode run(PipelineRecord r) {
        ObjectNode out = LocalApi.MAPPER.createObjectNode();
        ArrayNode results = out.putArray("checks");
        boolean all = true;
        Map<String, String> values = r.referenceValues();
        for (CheckSpec c : r.spec().checks()) {
            ObjectNode result = results.addObject().put("name", c.name());
            String problem = check(r, c, values, result);
            result.put("passed", problem == null);
            if (problem != null) {
                result.put("problem", problem);
                all = false;
            }
        }
        out.put("passed", all);
        out.put("events_produced", r.eventsProduced());
        return out;
    }

    /** Null when it passed, else what went wrong. */
    private String check(PipelineRecord r, CheckSpec c, Map<String, String> values, ObjectNode result) {
        Expectation expect;
        String cql;
        try {
            expect = Expectation.parse(References.resolve(c.expect(), values));
            cql = References.resolve(c.cql(), values);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        result.put("expect", expect.toString());
        String service = r.services().get(c.cassandra()).name();
        ObjectNode body = LocalApi.MAPPER.createObjectNode().put("statement", cql).put("consistency", "ALL");
        LocalApi.Answer a = LocalApi.attempt(r.name(), () -> api.post("/api/v1/cassandra/" + LocalApi.segment(service)
                + "/cql", body, Duration.ofSeconds(120)));
        if (a == null) {
            return "cassandra " + service + " did not answer";
        }
        if (!a.ok()) {
            return a.error();
        }
        JsonNode rows = a.body().path("results").path(0).path("rows");
        result.put("rows", rows.size());
        if (rows.isEmpty()) {
            return "the query returned no rows";
        }
        int failed = 0;
        String first = null;
        for (JsonNode row : rows) {
            try {
                Optional<String> f = expect.failure(row);
                if (f.isPresent()) {
                    failed++;
                    first = first == null ? f.get() + " in row " + row : first;
                }
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        if (rows.size() == 1) {
            result.set("row", rows.get(0));
        }
        return failed == 0 ? null : failed + " of " + rows.size() + " rows fail: " + first;
    }
}
