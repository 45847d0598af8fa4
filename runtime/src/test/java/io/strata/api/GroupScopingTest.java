package io.strata.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator token scoped to group A cannot see or stop group B's work, through the API as a
 * user calls it: the bootstrap admin token creates the groups and a scoped token
 * ({@code POST /api/v1/tokens}), and each call carries {@code Authorization: Bearer}.
 */
@Timeout(120)
class GroupScopingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration DEADLINE = Duration.ofSeconds(30);

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
    void aTokenScopedToOneGroupCannotSeeOrStopAnotherGroupsWork() throws Exception {
        node = LoopbackCluster.start(home, 1, 2, 512, 512, "24310-24314", Duration.ofSeconds(1));
        String admin = JSON.readTree(Files.readString(home.resolve("credentials.json"))).path("token").asText();
        assertThat(call(admin, "POST", "/api/v1/groups", "{\"name\":\"plant-a\"}").status).isEqualTo(201);
        assertThat(call(admin, "POST", "/api/v1/groups", "{\"name\":\"plant-b\"}").status).isEqualTo(201);
        Reply minted = call(admin, "POST", "/api/v1/tokens", "{\"name\":\"a-ops\",\"role\":\"operator\",\"group\":\"plant-a\"}");
        assertThat(minted.status).isEqualTo(201);
        String scoped = minted.body.path("token").asText();

        String bTask = call(admin, "POST", "/api/v1/tasks", task("plant-b")).body.path("id").asText();
        Eventually.await(DEADLINE, "group b's task running",
                () -> call(admin, "GET", "/api/v1/tasks/" + bTask, null).body.path("state").asText().equals("RUNNING"));
        Reply aCreated = call(scoped, "POST", "/api/v1/tasks", task(null));
        assertThat(aCreated.status).isEqualTo(201);
        assertThat(aCreated.body.path("group").asText()).isEqualTo("plant-a");

        String aTask = aCreated.body.path("id").asText();
        // A task between leaving the queue and reaching the master is briefly in neither list: wait for it.
        Eventually.await(DEADLINE, "group a's task listed",
                () -> call(scoped, "GET", "/api/v1/tasks", null).body.findValuesAsText("id").contains(aTask));
        assertThat(call(scoped, "GET", "/api/v1/tasks", null).body.findValuesAsText("id")).doesNotContain(bTask);
        assertThat(call(scoped, "GET", "/api/v1/tasks/" + bTask, null).status).isEqualTo(404);
        assertThat(call(scoped, "GET", "/api/v1/tasks/" + bTask + "/logs", null).status).isEqualTo(404);
        assertThat(call(scoped, "DELETE", "/api/v1/tasks/" + bTask, null).status).isEqualTo(404);
        Reply elsewhere = call(scoped, "POST", "/api/v1/tasks", task("plant-b"));
        assertThat(elsewhere.status).isEqualTo(403);
        assertThat(elsewhere.body.path("error").asText()).contains("group plant-b");
        assertThat(call(scoped, "GET", "/api/v1/groups", null).body.findValuesAsText("name")).containsExactly("plant-a");
        assertThat(call(scoped, "GET", "/api/v1/frameworks", null).body.findValuesAsText("group")).doesNotContain("plant-b");

        assertThat(call(admin, "GET", "/api/v1/tasks/" + bTask, null).body.path("state").asText()).isEqualTo("RUNNING");
        assertThat(call(admin, "GET", "/api/v1/tasks", null).body.findValuesAsText("id")).contains(bTask);
        call(admin, "DELETE", "/api/v1/tasks/" + bTask, null);
        call(admin, "DELETE", "/api/v1/tasks/" + aCreated.body.path("id").asText(), null);
    }

    private static String task(String group) {
        return "{\"name\":\"work\",\"cpus\":0.25,\"memMb\":32,\"command\":[\"sleep\",\"60\"]"
                + (group == null ? "" : ",\"group\":\"" + group + "\"") + "}";
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply call(String token, String method, String path, String json) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.apiUrl() + path))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String ct = r.headers().firstValue("Content-Type").orElse("");
            return new Reply(r.statusCode(), ct.contains("json") && !r.body().isEmpty() ? JSON.readTree(r.body())
                    : JSON.getNodeFactory().textNode(r.body()));
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }
}
