package io.strata.apps;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.testing.StrataApi;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Reading the apps API's answers and an instance's process in the apps cluster tests. */
final class AppAnswers {

    private AppAnswers() {
    }

    static List<JsonNode> instances(JsonNode s) {
        return StreamSupport.stream(s.path("instances").spliterator(), false).toList();
    }

    /** How many instances are HEALTHY (at {@code version}, or at any with 0). */
    static long healthy(JsonNode s, int version) {
        return instances(s).stream().filter(i -> i.path("state").asText().equals("HEALTHY")
                && (version == 0 || i.path("version").asInt() == version)).count();
    }

    static JsonNode read(String body) {
        try {
            return StrataApi.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** The python server of a task: the task's process or one below its wrapper. */
    static long serverPid(StrataApi api, String taskId) {
        for (JsonNode t : api.get("/api/v1/tasks").body()) {
            if (t.path("id").asText().equals(taskId)) {
                ProcessHandle root = ProcessHandle.of(t.path("pid").asLong()).orElseThrow();
                return Stream.concat(Stream.of(root), root.descendants())
                        .filter(p -> p.info().command().orElse("").contains("python"))
                        .findFirst().orElseThrow().pid();
            }
        }
        throw new AssertionError("no task " + taskId);
    }
}
