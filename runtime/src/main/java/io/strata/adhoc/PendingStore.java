package io.strata.adhoc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.adhoc.AdhocProtocol.PendingTask;
import io.strata.protocol.StrataJacksonModule;
import io.strata.resources.TaskSpec;
import io.strata.store.ControlStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The ad-hoc framework's PENDING queue in the control store (namespace {@code adhoc/pending}, key =
 * task id): a task is written before its submission is acknowledged and removed before it is
 * launched or once it is cancelled, so a framework taking over on another master node queues
 * exactly the tasks that were acknowledged and not yet launched.
 */
final class PendingStore {

    static final String NAMESPACE = "adhoc/pending";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new StrataJacksonModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A queued task: what the queue shows and what will be launched. */
    record Queued(PendingTask task, TaskSpec spec) {
    }

    private final ControlStore store;

    PendingStore(ControlStore store) {
        this.store = store;
    }

    CompletionStage<Void> add(Queued q) {
        String json;
        try {
            json = JSON.writeValueAsString(q);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("cannot encode task " + q.task().id(), e));
        }
        return store.put(NAMESPACE, q.task().id(), json);
    }

    CompletionStage<Void> remove(String taskId) {
        return store.remove(NAMESPACE, taskId);
    }

    /** Removes every one of the tasks; fails if any removal did not reach a majority. */
    CompletionStage<Void> removeAll(List<String> taskIds) {
        return CompletableFuture.allOf(taskIds.stream().map(id -> remove(id).toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    /** The queue as a majority of master nodes hold it, oldest submission first. */
    List<Queued> loadAll() {
        List<Queued> out = new ArrayList<>();
        for (String json : store.readAllNow(NAMESPACE).values()) {
            try {
                out.add(JSON.readValue(json, Queued.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a stored pending task is not valid: " + e.getOriginalMessage(), e);
            }
        }
        out.sort(Comparator.comparingLong((Queued q) -> q.task().submittedAtMillis()).thenComparing(q -> q.task().id()));
        return out;
    }
}
