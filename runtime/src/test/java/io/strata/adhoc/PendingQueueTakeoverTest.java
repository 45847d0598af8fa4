package io.strata.adhoc;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.node.StrataNode;
import io.strata.store.DDataControlStore;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.StrataApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PENDING queue outlives the master that accepted it: a master restarted from the same home
 * (its replica of the control store) lists the queued task and starts it once an agent can hold it.
 */
class PendingQueueTakeoverTest {

    private static final String BIG_TASK = """
            {"name":"big","cpus":2,"memMb":32,"command":["sleep","60"]}""";

    @TempDir
    Path home;

    private StrataNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static JsonNode task(StrataApi api, String id) {
        for (JsonNode t : api.get("/api/v1/tasks").body()) {
            if (t.path("id").asText().equals(id)) {
                return t;
            }
        }
        return null;
    }

    @Test
    void aQueuedTaskIsRestoredByTheNextMasterAndStartsWhenResourcesFree() {
        node = LoopbackCluster.start(home, 1, 1.0, 512, 100, "31100-31110", Duration.ofSeconds(1));
        StrataApi api = StrataApi.of(node, home);
        StrataApi.Response submitted = api.post("/api/v1/tasks", BIG_TASK);
        assertThat(submitted.status()).isEqualTo(201);
        String id = submitted.body().path("id").asText();
        String cancelled = api.post("/api/v1/tasks", BIG_TASK.replace("big", "cancelled")).body().path("id").asText();
        assertThat(api.delete("/api/v1/tasks/" + cancelled).status()).isEqualTo(202);
        assertThat(task(api, id).path("state").asText()).isEqualTo("PENDING");
        assertThat(DDataControlStore.get(node.system()).readAllNow(PendingStore.NAMESPACE)).containsOnlyKeys(id);
        node.close();

        node = LoopbackCluster.start(home, 1, 4.0, 512, 100, "31100-31110", Duration.ofSeconds(1));
        StrataApi next = StrataApi.of(node, home);
        Eventually.await(Duration.ofSeconds(20), "task " + id + " RUNNING on the bigger agent", () -> {
            JsonNode t = task(next, id);
            return t != null && t.path("state").asText().equals("RUNNING");
        });
        assertThat(task(next, cancelled)).isNull();
        assertThat(DDataControlStore.get(node.system()).readAllNow(PendingStore.NAMESPACE)).isEmpty();
    }
}
