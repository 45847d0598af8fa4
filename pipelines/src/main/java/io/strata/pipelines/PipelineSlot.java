package io.strata.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * One pipeline inside the actor: where it is, its I/O, whether a read or an act is in flight, and
 * what was saved last. Only the actor's thread touches it.
 */
final class PipelineSlot {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineSlot.class);

    final PipelineIo io;
    private PipelineRun run;
    /** A read or act of this pipeline is on the executor; the next tick waits for it. */
    boolean busy;
    /** The run of the checks under way or last done; set on the actor's thread only. */
    CompletableFuture<ObjectNode> checks;
    private String saved = "";
    /** Counters over the last hour for the dashboard; in memory only. */
    final PipelineHistory history = new PipelineHistory();

    PipelineSlot(PipelineRun run, PipelineIo io) {
        this.run = run;
        this.io = io;
    }

    String name() {
        return run.record().name();
    }

    PipelineRun run() {
        return run;
    }

    PipelineRecord record() {
        return run.record();
    }

    /** What the last finished run of the checks answered, or null (none finished, or it failed to run). */
    ObjectNode lastChecks() {
        return checks != null && checks.isDone() && !checks.isCompletedExceptionally() ? checks.join() : null;
    }

    /** A point of the counters now, while the pipeline is not stopped. */
    void sample(long now) {
        PipelineRecord r = run.record();
        if (!r.ended()) {
            history.record(now, r.eventsProduced(), r.eventsProcessed(), r.eventsWritten(), r.lag());
        }
    }

    /** Takes the planner's new run: logs what changed and saves the record when it changed (records are immutable). */
    void update(PipelineRun next, PipelineStore store) {
        PipelineRecord before = run.record();
        run = next;
        if (before == next.record() && !saved.isEmpty()) {
            return;
        }
        if (before != next.record()) {
            PipelineEvents.log(before, next.record());
        }
        try {
            String json = LocalApi.MAPPER.writeValueAsString(next.record());
            if (!json.equals(saved)) {
                store.save(name(), json);
                saved = json;
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("cannot save pipeline pipeline={} reason=\"{}\"", name(), e.toString());
        }
    }
}
