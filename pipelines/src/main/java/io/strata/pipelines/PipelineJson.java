package io.strata.pipelines;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.pipelines.spec.PipelineSpec;

import java.time.Instant;

/** A pipeline as the API shows it (snake_case names and state names are part of the contract). */
final class PipelineJson {

    private PipelineJson() {
    }

    static ObjectNode status(PipelineRecord r) {
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
