package io.strata.spark;

import io.strata.resources.TaskState;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A task of another framework (the built-in ad-hoc one), submitted through the HTTP API. */
final class AdhocTask {

    private AdhocTask() {
    }

    /** Submits {@code echo} needing {@code cpus}; returns its id. */
    static String run(SparkCluster cluster, String name, double cpus) throws Exception {
        String body = "{\"name\":\"" + name + "\",\"cpus\":" + cpus + ",\"memMb\":32,\"command\":[\"echo\",\"ok\"]}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cluster.node.apiUrl() + "/api/v1/tasks"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + cluster.token())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new AssertionError("task not accepted: " + r.statusCode() + " " + r.body());
        }
        return r.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    /** The task's state once the master knows it, else null (still waiting in its framework). */
    static TaskState state(SparkCluster cluster, String id) {
        return cluster.state().tasks().stream().filter(t -> t.spec().taskId().value().equals(id))
                .map(t -> t.status().state()).findFirst().orElse(null);
    }
}
