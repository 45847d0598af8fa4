package io.strata.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.node.StrataNode;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.StrataApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every API request needs a token of a role that allows it; a real node in this JVM, no agents. */
class ApiAuthTest {

    static final String TASK = "{\"name\":\"t\",\"cpus\":0.1,\"memMb\":16,\"command\":[\"true\"]}";
    static final String SHA = "0".repeat(64);

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi admin;

    @BeforeAll
    static void start() {
        node = LoopbackCluster.start(home, 0, 1.0, 256, 100, "31200-31201", Duration.ofSeconds(1));
        admin = StrataApi.of(node);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static String token(String name, String role) {
        StrataApi.Response r = admin.post("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        return r.body().path("token").asText();
    }

    @Test
    void aRequestWithoutATokenIsUnauthorizedWithOnePlainSentence() {
        for (String path : List.of("/api/v1/state", "/api/v1/tasks", "/metrics", "/api/v1/tokens", "/api/v1/no-such")) {
            HttpResponse<String> r = StrataApi.anonymous(node.apiUrl()).raw("GET", path, null);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(r.body()).isEqualTo("{\"error\":\"this request needs a token: send 'Authorization: Bearer <token>' "
                    + "(create one with 'strata token create')\"}");
        }
        assertThat(StrataApi.anonymous(node.apiUrl()).raw("POST", "/api/v1/tasks", TASK).statusCode()).isEqualTo(401);
        assertThat(StrataApi.anonymous(node.apiUrl()).withToken("stk_0123456789ab_" + "a".repeat(32)).get("/api/v1/state")
                .body().path("error").asText()).isEqualTo("this token is not known to the cluster");
    }

    @Test
    void healthNeedsNoToken() {
        assertThat(StrataApi.anonymous(node.apiUrl()).raw("GET", "/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedTokenIsUnauthorized() {
        String token = token("revoked-soon", "operator");
        StrataApi user = admin.withToken(token);
        assertThat(user.get("/api/v1/tasks").status()).isEqualTo(200);
        String id = token.substring(4, 16);

        StrataApi.Response revoked = admin.delete("/api/v1/tokens/" + id);

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().path("revoked").asBoolean()).isTrue();
        StrataApi.Response refused = user.get("/api/v1/tasks");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body().path("error").asText()).isEqualTo("this token was revoked");
        assertThat(admin.delete("/api/v1/tokens/ffffffffffff").status()).isEqualTo(404);
    }

    @Test
    void aViewerReadsEverythingAndChangesNothing() {
        StrataApi viewer = admin.withToken(token("watcher", "viewer"));
        for (String path : List.of("/api/v1/state", "/api/v1/agents", "/api/v1/frameworks", "/api/v1/tasks", "/metrics",
                "/api/v1/whoami")) {
            assertThat(viewer.raw("GET", path, null).statusCode()).as(path).isEqualTo(200);
        }
        record Write(String method, String path, String body) {
        }
        for (Write w : List.of(new Write("POST", "/api/v1/tasks", TASK), new Write("DELETE", "/api/v1/tasks/t-1", null),
                new Write("POST", "/api/v1/artifacts", "jar"), new Write("PUT", "/api/v1/artifacts/" + SHA, "jar"),
                new Write("POST", "/api/v1/tokens", "{\"name\":\"x\",\"role\":\"admin\"}"),
                new Write("GET", "/api/v1/tokens", null),
                new Write("DELETE", "/api/v1/tokens/0123456789ab", null))) {
            HttpResponse<String> r = viewer.raw(w.method(), w.path(), w.body());
            assertThat(r.statusCode()).as(w.method() + " " + w.path()).isEqualTo(403);
            boolean admin = w.path().startsWith("/api/v1/tokens");
            assertThat(r.body()).contains("token 'watcher' (role viewer) lacks the '" + (admin ? "admin" : "operator")
                    + "' permission (" + (admin ? "admin" : "write") + ") needed for " + w.method() + " " + w.path());
        }
        assertThat(admin.get("/api/v1/tasks").body()).isEmpty();
    }

    @Test
    void anOperatorChangesWorkButNotTokens() {
        StrataApi operator = admin.withToken(token("deployer", "operator"));
        StrataApi.Response submitted = operator.post("/api/v1/tasks", TASK.replace("\"t\"", "\"op\""));
        assertThat(submitted.status()).isEqualTo(201);
        assertThat(operator.delete("/api/v1/tasks/" + submitted.body().path("id").asText()).status()).isEqualTo(202);
        assertThat(operator.get("/api/v1/tokens").status()).isEqualTo(403);
    }

    @Test
    void anAdminCreatesListsAndRevokesTokens() {
        StrataApi.Response created = admin.post("/api/v1/tokens",
                "{\"name\":\"ci-bot\",\"role\":\"operator\",\"group\":\"iot\",\"ttl\":\"30d\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode c = created.body();
        assertThat(c.path("token").asText()).startsWith("stk_" + c.path("id").asText() + "_");
        assertThat(c.path("role").asText()).isEqualTo("operator");
        assertThat(c.path("group").asText()).isEqualTo("iot");
        assertThat(c.path("expiresAt").asText()).isNotEmpty();

        JsonNode listed = admin.get("/api/v1/tokens").body();
        JsonNode mine = null;
        for (JsonNode t : listed) {
            assertThat(t.has("token")).isFalse();
            assertThat(t.has("secretSha256")).isFalse();
            if (t.path("id").equals(c.path("id"))) {
                mine = t;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.fieldNames()).toIterable().contains("id", "name", "role", "group", "createdAt", "expiresAt", "revoked");
        assertThat(listed.get(0).path("name").asText()).isEqualTo("bootstrap");

        JsonNode who = admin.withToken(c.path("token").asText()).get("/api/v1/whoami").body();
        assertThat(who.path("name").asText()).isEqualTo("ci-bot");
        assertThat(who.path("group").asText()).isEqualTo("iot");
        assertThat(admin.delete("/api/v1/tokens/" + c.path("id").asText()).body().path("revoked").asBoolean()).isTrue();
    }

    @Test
    void badTokenRequestsAreRefusedByField() {
        assertThat(admin.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"root\"}").body().path("error").asText())
                .isEqualTo("role 'root' is not one of viewer, operator, admin");
        assertThat(admin.post("/api/v1/tokens", "{\"name\":\"x\",\"role\":\"viewer\",\"rol\":1}").body().path("error")
                .asText()).contains("unknown field 'rol'");
        assertThat(admin.post("/api/v1/tokens", "{\"role\":\"viewer\"}").status()).isEqualTo(400);
        assertThat(admin.post("/api/v1/tokens", "not json").status()).isEqualTo(400);
    }

    @Test
    void aPrincipalHeaderSentByTheClientIsReplaced() {
        String viewer = token("plain-viewer", "viewer");
        HttpResponse<String> r;
        try {
            r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(node.apiUrl() + "/api/v1/whoami"))
                    .header("Authorization", "Bearer " + viewer)
                    .header("X-Strata-Principal", "system;system;admin;").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(r.body()).contains("\"name\":\"plain-viewer\"", "\"role\":\"viewer\"");
    }
}
