package io.strata.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.StrataApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The groups API on a real in-JVM cluster: records, usage, limits in PENDING reasons, and refusals. */
@Timeout(120)
class GroupsApiTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path home;
    StrataNode node;
    StrataApi api;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aGroupsTasksCountAgainstItsLimitAndThePendingReasonSaysSo() {
        node = LoopbackCluster.start(home, 1, 1, 512, 512, "24300-24304", Duration.ofSeconds(1));
        api = StrataApi.of(node);
        assertThat(api.post("/api/v1/groups", "{\"name\":\"iot\",\"limit\":{\"cpus\":1},\"guarantee\":\"cpus=0.5\"}")
                .status()).isEqualTo(201);

        String first = api.post("/api/v1/tasks", task("iot", 1)).body().path("id").asText();
        Eventually.await(DEADLINE, "the first iot task running", () -> state(first).equals("RUNNING"));
        String second = api.post("/api/v1/tasks", task("iot", 0.5)).body().path("id").asText();

        Eventually.await(DEADLINE, "the second task's reason naming the group's limit",
                () -> task(second).path("reason").asText().equals("group iot is at its limit of 1 cpus"));
        assertThat(task(first).path("group").asText()).isEqualTo("iot");
        assertThat(task(first).path("framework").asText()).isEqualTo("strata-tasks-iot");
        JsonNode iot = group("iot");
        assertThat(iot.path("used").path("cpus").asDouble()).isEqualTo(1.0);
        assertThat(iot.path("limit").path("cpus").asDouble()).isEqualTo(1.0);
        assertThat(iot.path("guarantee").path("cpus").asDouble()).isEqualTo(0.5);

        StrataApi.Response delete = api.delete("/api/v1/groups/iot");
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.body().path("error").asText()).startsWith("group iot still has work: strata-tasks-iot (1 tasks)");

        api.delete("/api/v1/tasks/" + second);
        api.delete("/api/v1/tasks/" + first);
        Eventually.await(DEADLINE, "the iot task killed", () -> state(first).equals("KILLED"));
        assertThat(api.delete("/api/v1/groups/iot").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/groups").body().findValuesAsText("name")).containsExactly("default");
    }

    @Test
    void badGroupRequestsAreRefusedNamingTheFieldOrGroup() throws Exception {
        node = LoopbackCluster.start(home, 1, 1, 512, 512, "24305-24309", Duration.ofSeconds(1));
        api = StrataApi.of(node);

        StrataApi.Response unknown = api.post("/api/v1/tasks", task("physics", 0.1));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("error").asText()).startsWith("group 'physics' does not exist");

        StrataApi.Response typo = api.post("/api/v1/groups", "{\"name\":\"iot\",\"limits\":{\"cpus\":1}}");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.body().path("error").asText()).isEqualTo("unknown field 'limits' (known: name, weight, guarantee, limit, users)");

        StrataApi.Response mistyped = api.post("/api/v1/groups", "{\"name\":\"iot\",\"limit\":{\"cpus\":\"lots\"}}");
        assertThat(mistyped.status()).isEqualTo(400);
        assertThat(mistyped.body().path("error").asText()).isEqualTo("'limit.cpus' must be a number, got \"lots\"");

        assertThat(api.post("/api/v1/groups", "{\"name\":\"iot\"}").status()).isEqualTo(201);
        assertThat(api.post("/api/v1/groups", "{\"name\":\"iot\"}").status()).isEqualTo(409);
        HttpResponse<String> above = put("/api/v1/groups/iot/quota", "{\"guarantee\":{\"cpus\":4},\"limit\":{\"cpus\":2}}");
        assertThat(above.statusCode()).isEqualTo(400);
        assertThat(above.body()).contains("the guarantee of 4.0 cpus is above the limit of 2.0");
        HttpResponse<String> changed = put("/api/v1/groups/iot/quota", "{\"weight\":3,\"limit\":\"cpus=2,mem=1g\"}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(group("iot").path("limit").path("memMb").asLong()).isEqualTo(1024);
        assertThat(group("iot").path("weight").asDouble()).isEqualTo(3.0);
        assertThat(put("/api/v1/groups/nope/quota", "{\"weight\":2}").statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/v1/groups/default").status()).isEqualTo(400);
    }

    private static String task(String group, double cpus) {
        return "{\"name\":\"g\",\"cpus\":" + cpus + ",\"memMb\":32,\"command\":[\"sleep\",\"60\"],\"group\":\"" + group + "\"}";
    }

    private JsonNode task(String id) {
        return api.get("/api/v1/tasks/" + id).body();
    }

    private String state(String id) {
        return task(id).path("state").asText();
    }

    private JsonNode group(String name) {
        for (JsonNode g : api.get("/api/v1/groups").body()) {
            if (g.path("name").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no group " + name);
    }

    private HttpResponse<String> put(String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + api.token()).PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
