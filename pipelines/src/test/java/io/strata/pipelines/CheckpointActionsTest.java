package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.strata.pipelines.Action.DeleteCheckpoints;
import io.strata.pipelines.Action.SparkSubmission;
import io.strata.pipelines.Action.SubmitJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the runner sends for a streaming job's checkpoint: the volume with the submission, and a
 * DELETE per volume at the end of a stop. Against a small HTTP server on 127.0.0.1 standing in for
 * the Spark API's answers.
 */
class CheckpointActionsTest {

    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, String> bodies = new ConcurrentHashMap<>();
    final Map<String, Integer> answers = new ConcurrentHashMap<>();
    ActionRunner runner;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String key = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
            requests.add(key);
            bodies.put(key, new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = answers.getOrDefault(key, 202);
            byte[] body = (status < 300 ? "{\"id\":\"driver-1\"}" : "{\"error\":\"in use by submission driver-1\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        runner = new ActionRunner(new LocalApi(() -> base), "demo");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aStreamingJobIsSubmittedWithItsCheckpointVolumeAndABatchJobWithout() throws IOException {
        runner.run(new SubmitJob("agg", new SparkSubmission("demo-agg", "com.example.Agg", "sha", "app.jar", 1024, 1,
                List.of("${STRATA_CHECKPOINT}"), Map.of(), "demo-agg", 2048)));
        JsonNode body = LocalApi.MAPPER.readTree(bodies.get("POST /api/v1/spark/submissions"));
        assertThat(body.path("checkpointVolume").path("name").asText()).isEqualTo("demo-agg");
        assertThat(body.path("checkpointVolume").path("sizeMb").asLong()).isEqualTo(2048);
        assertThat(body.path("args").get(0).asText()).isEqualTo("${STRATA_CHECKPOINT}");

        runner.run(new SubmitJob("summary", new SparkSubmission("demo-summary", "com.example.S", "sha", "app.jar", 1024,
                1, List.of(), Map.of(), null, 0)));
        assertThat(LocalApi.MAPPER.readTree(bodies.get("POST /api/v1/spark/submissions")).has("checkpointVolume"))
                .isFalse();
    }

    @Test
    void aStopDestroysEachVolumeAndOneAlreadyGoneCountsAsDestroyed() {
        answers.put("DELETE /api/v1/spark/volumes/demo-b", 404);
        Outcome o = runner.run(new DeleteCheckpoints("demo", List.of("demo-a", "demo-b")));
        assertThat(requests).containsExactly("DELETE /api/v1/spark/volumes/demo-a", "DELETE /api/v1/spark/volumes/demo-b");
        assertThat(o).isInstanceOf(Outcome.Done.class);
    }

    @Test
    void aVolumeStillInUseLeavesTheStopToTryAgain() {
        answers.put("DELETE /api/v1/spark/volumes/demo-a", 409);
        Outcome o = runner.run(new DeleteCheckpoints("demo", List.of("demo-a")));
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).error()).contains("destroying checkpoint volume demo-a")
                .contains("in use by submission driver-1");
    }
}
