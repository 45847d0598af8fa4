package io.strata.api;

import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.StrataApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code DELETE /api/v1/tasks/{id}?grace=}: the grace a kill asks for is the one the agent applies. */
@Timeout(120)
class TaskKillGraceTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** A task that ignores SIGTERM: only SIGKILL ends it. */
    private static final String STUBBORN = "{\"name\":\"stubborn\",\"cpus\":0.1,\"memMb\":32,"
            + "\"command\":[\"sh\",\"-c\",\"trap '' TERM; while true; do sleep 1; done\"]}";

    @TempDir
    Path home;
    StrataNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aZeroGraceKillsAtOnceWithSigkillAndABadGraceIsRefusedNamingIt() {
        node = LoopbackCluster.start(home, 1, 1, 512, 512, "24315-24319", Duration.ofSeconds(1));
        StrataApi api = StrataApi.of(node);
        String id = api.post("/api/v1/tasks", STUBBORN).body().path("id").asText();
        Eventually.await(DEADLINE, "the task running", () -> state(api, id).equals("RUNNING"));

        StrataApi.Response bad = api.delete("/api/v1/tasks/" + id + "?grace=soon");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").asText())
                .isEqualTo("'grace' must be a duration such as 0s, 500ms or 10s (the time between SIGTERM and SIGKILL);"
                        + " got 'soon'");
        assertThat(state(api, id)).as("a refused kill kills nothing").isEqualTo("RUNNING");

        assertThat(api.delete("/api/v1/tasks/" + id + "?grace=0s").status()).isEqualTo(202);
        Eventually.await(DEADLINE, "the task killed", () -> state(api, id).equals("KILLED"));
        assertThat(api.get("/api/v1/tasks/" + id).body().path("reason").asText())
                .isEqualTo("killed on request (SIGKILL)");
    }

    private static String state(StrataApi api, String id) {
        return api.get("/api/v1/tasks/" + id).body().path("state").asText();
    }
}
