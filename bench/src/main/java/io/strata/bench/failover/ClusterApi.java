package io.strata.bench.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The few API calls the figure makes: submit an ad-hoc task, read the master's state. */
final class ClusterApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String token;

    /** @param token the bearer token every call sends */
    ClusterApi(String token) {
        this.token = token;
    }

    /** {@code POST /api/v1/tasks}; completes with the response (201 when the task was accepted). */
    CompletableFuture<HttpResponse<String>> submit(String api, String name, double cpus, long memMb,
                                                    List<String> command) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("cpus", cpus).put("memMb", memMb);
        command.forEach(body.putArray("command")::add);
        HttpRequest req = HttpRequest.newBuilder(URI.create(api + "/api/v1/tasks")).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    }

    /** The id of an accepted task; throws with the API's answer otherwise. */
    String submitted(String api, String name, List<String> command) throws Exception {
        HttpResponse<String> r = submit(api, name, 0.1, 32, command).get();
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST " + api + "/api/v1/tasks answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asText();
    }

    /** {@code GET /api/v1/state}: completes with the parsed state, or exceptionally. */
    CompletableFuture<JsonNode> stateAsync(String api) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(api + "/api/v1/state")).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + api + "/api/v1/state answered " + r.statusCode());
            }
            try {
                return JSON.readTree(r.body());
            } catch (IOException e) {
                throw new IllegalStateException("GET " + api + "/api/v1/state: " + e.getMessage(), e);
            }
        });
    }

    /** The state, or null if the API did not answer with one. */
    JsonNode stateOrNull(String api) {
        try {
            return stateAsync(api).get();
        } catch (Exception e) {
            return null;
        }
    }
}
