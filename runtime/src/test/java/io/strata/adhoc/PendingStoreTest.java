package io.strata.adhoc;

import io.strata.adhoc.AdhocProtocol.PendingTask;
import io.strata.adhoc.PendingStore.Queued;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.store.MemoryControlStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PendingStoreTest {

    private static Queued queued(String id, long submittedAt) {
        Resources res = Resources.of(0.5, 64, 0);
        return new Queued(new PendingTask(id, "t", res, List.of("sleep", "1"), "waiting", submittedAt),
                new TaskSpec(TaskId.of(id), "t", "sleep", List.of("1"), Map.of("A", "b"), res,
                        Map.of("framework", AdhocTasks.FRAMEWORK_NAME)));
    }

    @Test
    void queuedTasksComeBackWholeInSubmissionOrder() {
        MemoryControlStore control = new MemoryControlStore();
        PendingStore store = new PendingStore(control);
        Queued later = queued("t-b", 2000);
        Queued first = queued("t-a", 1000);
        store.add(later).toCompletableFuture().join();
        store.add(first).toCompletableFuture().join();
        store.add(queued("t-c", 3000)).toCompletableFuture().join();
        store.removeAll(List.of("t-c")).toCompletableFuture().join();

        assertThat(new PendingStore(control).loadAll()).containsExactly(first, later);
    }
}
