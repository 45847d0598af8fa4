package io.strata.pipelines;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.pipelines.spec.PipelineSpec;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A pipeline as the API shows it (snake_case names and state names are part of the contract). */
final class PipelineJson {

    private PipelineJson() {
    }

    static ObjectNode status(PipelineRecord r) {
        return status(r, null);
    }

    /** {@code lastChecks}: what the last run of the checks answered ({@link PipelineChecks#run}), or null. */
    static ObjectNode status(PipelineRecord r, JsonNode lastChecks) {
        ObjectNode n = LocalApi.MAPPER.createObjectNode();
        n.put("name", r.name());
        if (r.spec().group() != null) {
            // Pipelines started before groups existed name none: they are the default group's.
            n.put("group", r.spec().group());
        }
        n.put("state", r.state().name());
        n.put("reason", r.reason());
        n.put("events_produced", r.eventsProduced());
        n.put("events_processed", r.eventsProcessed());
        if (r.eventsWritten() == null) {
            n.putNull("events_written");
        } else {
            n.put("events_written", r.eventsWritten());
        }
        n.put("lag", r.lag());
        time(n, "created_at", r.createdAt());
        time(n, "running_at", r.runningAt());
        time(n, "first_written_at", r.firstWrittenAt());
        time(n, "drained_at", r.drainedAt());
        time(n, "stop_requested_at", r.stopRequestedAt());
        time(n, "stopped_at", r.stoppedAt());
        n.put("keep_data", r.keepData());
        ArrayNode services = n.putArray("services");
        for (ServiceRecord s : r.services().values()) {
            ObjectNode o = services.addObject();
            o.put("key", s.key()).put("type", s.type()).put("name", s.name()).put("existing", s.existing())
                    .put("state", s.state().name()).put("reason", s.reason());
            ObjectNode e = o.putObject("endpoints");
            s.endpoints().forEach((k, v) -> {
                e.put(k, v);
                o.put(k, v);
            });
            switch (r.spec().services().get(s.key()).type()) {
                case KAFKA -> o.put("topics_ready", s.topicsReady());
                case CASSANDRA -> o.put("schema_applied", s.schemaApplied());
            }
        }
        ArrayNode jobs = n.putArray("jobs");
        for (JobRecord j : r.jobs().values()) {
            PipelineSpec.JobSpec spec = r.spec().jobs().get(j.key());
            ObjectNode o = jobs.addObject();
            o.put("name", j.key()).put("kind", j.kind()).put("class", spec.mainClass()).put("state", j.state().name())
                    .put("reason", j.reason()).put("executors", j.executorsRunning());
            if (j.submissionId() == null) {
                o.putNull("submission");
            } else {
                o.put("submission", j.submissionId());
            }
            if (spec.input() != null) {
                o.put("input", spec.input()).put("group", r.group(j.key())).put("processed", j.processed())
                        .put("lag", j.lag());
            }
        }
        ArrayNode sources = n.putArray("sources");
        for (SourceRecord s : r.sources().values()) {
            PipelineSpec.SourceSpec spec = r.spec().sources().get(s.key());
            ObjectNode o = sources.addObject();
            o.put("name", s.key()).put("type", s.type()).put("topic", spec.kafka() + "/" + spec.topic())
                    .put("state", s.state().name()).put("reason", s.reason());
            if (s.taskId() == null) {
                o.putNull("task");
            } else {
                o.put("task", s.taskId());
            }
        }
        ArrayNode apps = LocalApi.MAPPER.createArrayNode();
        for (AppRecord a : r.apps().values()) {
            ObjectNode o = apps.addObject();
            o.put("key", a.key()).put("name", a.name());
            PipelineSpec.SourceSpec spec = r.spec().sources().get(a.key());
            if (a.source()) {
                o.put("source", spec.type());
                sources.addObject().put("name", a.key()).put("type", spec.type())
                        .put("topic", spec.kafka() + "/" + spec.topic()).put("state", a.state()).put("reason", a.reason())
                        .put("app", a.name()).set("endpoints", strings(a.endpoints()));
            } else {
                o.putNull("source");
            }
            o.put("state", a.state()).put("reason", a.reason()).put("healthy", a.healthy()).put("instances", a.wanted());
            o.set("endpoints", strings(a.endpoints()));
            ObjectNode byPort = o.putObject("endpoints_by_port");
            a.endpointsByPort().forEach((port, at) -> byPort.set(port, strings(at)));
        }
        if (!apps.isEmpty()) {
            n.set("apps", apps);
        }
        graph(n.putObject("graph"), PipelineGraph.of(r));
        checks(n.putArray("checks"), r, lastChecks);
        return n;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = LocalApi.MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    private static void graph(ObjectNode out, PipelineGraph.Graph g) {
        ArrayNode nodes = out.putArray("nodes");
        for (PipelineGraph.Node node : g.nodes()) {
            ObjectNode o = nodes.addObject().put("id", node.id()).put("kind", node.kind().name().toLowerCase(Locale.ROOT))
                    .put("label", node.label()).put("state", node.state()).put("reason", node.reason());
            if (node.service() == null) {
                o.putNull("service");
            } else {
                o.put("service", node.service());
            }
        }
        ArrayNode edges = out.putArray("edges");
        g.edges().forEach(e -> edges.addObject().put("from", e.from()).put("to", e.to()));
    }

    /** Each check of the spec with the result of the last run ({@code passed} null: not run by this orchestrator yet). */
    private static void checks(ArrayNode out, PipelineRecord r, JsonNode lastChecks) {
        Map<String, JsonNode> results = new HashMap<>();
        if (lastChecks != null) {
            lastChecks.path("checks").forEach(c -> results.put(c.path("name").asText(), c));
        }
        for (PipelineSpec.CheckSpec c : r.spec().checks()) {
            ObjectNode o = out.addObject().put("name", c.name());
            JsonNode result = results.get(c.name());
            if (result == null) {
                o.putNull("passed");
                o.put("detail", "not run yet; expects " + c.expect());
            } else if (result.path("passed").asBoolean(false)) {
                o.put("passed", true);
                o.put("detail", result.path("expect").asText(c.expect()) + " holds on "
                        + rows(result.path("rows").asInt(0)));
            } else {
                o.put("passed", false);
                o.put("detail", result.path("problem").asText("failed"));
            }
        }
    }

    private static String rows(int n) {
        return n == 1 ? "1 row" : n + " rows";
    }

    /** {@code {"points": [{t, produced, processed, written, lag, produced_per_s, processed_per_s, written_per_s}]}}. */
    static ObjectNode history(List<PipelineHistory.Point> points) {
        ObjectNode n = LocalApi.MAPPER.createObjectNode();
        n.put("interval_s", PipelineHistory.INTERVAL_MILLIS / 1000);
        ArrayNode out = n.putArray("points");
        for (PipelineHistory.Point p : points) {
            ObjectNode o = out.addObject().put("t", p.t()).put("produced", p.produced()).put("processed", p.processed());
            if (p.written() == null) {
                o.putNull("written");
            } else {
                o.put("written", p.written());
            }
            o.put("lag", p.lag()).put("produced_per_s", p.producedPerS()).put("processed_per_s", p.processedPerS());
            if (p.writtenPerS() == null) {
                o.putNull("written_per_s");
            } else {
                o.put("written_per_s", p.writtenPerS());
            }
        }
        return n;
    }

    private static void time(ObjectNode n, String field, Long millis) {
        if (millis == null || millis == 0) {
            n.putNull(field);
        } else {
            n.put(field, Instant.ofEpochMilli(millis).toString());
        }
    }
}
