package io.strata.apps;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.ProcessChecks;
import io.strata.testing.StrataApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.strata.apps.AppAnswers.healthy;
import static io.strata.apps.AppAnswers.instances;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app's artifacts with real processes: a file uploaded to the artifact store is fetched into the
 * instance's sandbox (with the instance's own token, the cluster running with security on) before
 * its command starts; a python HTTP server in the sandbox then serves exactly those bytes.
 */
class AppArtifactsClusterTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi api;
    static final Set<Long> pids = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startCluster() {
        node = LoopbackCluster.start(home, 1, 1.0, 1024L, 1024L, "30150-30159", Duration.ofSeconds(2));
        api = StrataApi.of(node, home);
    }

    @AfterAll
    static void stopCluster() {
        if (node != null) {
            ProcessChecks.rememberPids(api, null, pids);
            node.close();
        }
        pids.stream().filter(ProcessChecks::alive).forEach(pid -> ProcessHandle.of(pid)
                .ifPresent(ProcessHandle::destroyForcibly));
    }

    static String app(String name, String sha256) {
        return """
                name: %s
                command: [python3, -m, http.server, "${PORT_HTTP}", --bind, "${HOST}"]
                ports: [{name: http}]
                artifacts: [{sha256: %s, name: data.bin}]
                healthCheck: {type: http, port: http, path: /data.bin, gracePeriod: 20s, interval: 1s, timeout: 1s}
                """.formatted(name, sha256);
    }

    @Test
    void anUploadedFileIsInTheSandboxBeforeTheCommandStartsAndAnUnknownOneIsRefused() throws Exception {
        byte[] bytes = new byte[100_000];
        new Random(17).nextBytes(bytes);
        HttpResponse<String> upload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(api.base() + "/api/v1/artifacts")).header("Authorization", "Bearer " + api.token())
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        String sha = StrataApi.JSON.readTree(upload.body()).path("sha256").asText();

        var created = api.raw("POST", "/api/v1/apps", app("files", sha));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Eventually.await(WAIT, () -> "1 healthy: " + status("files"), () -> healthy(status("files"), 1) == 1);
        JsonNode instance = instances(status("files")).get(0);
        ProcessChecks.rememberPids(api, null, pids);
        HttpResponse<byte[]> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://"
                + instance.path("host").asText() + ":" + instance.path("ports").path("http").asInt() + "/data.bin"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(bytes);

        String unknown = "0".repeat(64);
        var refused = api.raw("POST", "/api/v1/apps", app("missing", unknown));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(StrataApi.JSON.readTree(refused.body()).path("error").asText()).isEqualTo("artifacts[0]: the"
                + " artifact store holds no file with sha256 " + unknown + " (for data.bin); upload it with POST"
                + " /api/v1/artifacts and use the sha256 it answers");
        assertThat(api.get("/api/v1/apps/missing").status()).isEqualTo(404);
        var update = api.raw("PUT", "/api/v1/apps/files", app("files", unknown));
        assertThat(update.statusCode()).as(update.body()).isEqualTo(400);
        assertThat(status("files").path("version").asInt()).isEqualTo(1);

        assertThat(api.delete("/api/v1/apps/files").status()).isEqualTo(202);
        Eventually.await(WAIT, "files deleted", () -> api.get("/api/v1/apps/files").status() == 404);
    }

    static JsonNode status(String app) {
        return api.get("/api/v1/apps/" + app).body();
    }
}
