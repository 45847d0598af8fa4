package io.strata.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.strata.security.ApiGuard;
import io.strata.security.ClusterSecret;
import io.strata.security.Role;
import io.strata.security.TokenBook;
import io.strata.store.MemoryControlStore;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three master nodes' artifact APIs on real HTTP servers in one JVM, each with its own directory,
 * sharing one control store as the master nodes share the replicated one. Each API asks for a
 * token as the node's does, so the copies between nodes go through only with the cluster secret.
 */
class ArtifactReplicationTest {

    @TempDir
    Path dir;

    final MemoryControlStore store = new MemoryControlStore();
    final HttpClient http = HttpClient.newHttpClient();
    String operator;
    final byte[] jar = new byte[300_000];
    ActorSystem<Void> system;
    final List<Node> nodes = new ArrayList<>();

    final class Node {
        final Path files;
        final ClusterArtifacts artifacts;
        final ServerBinding binding;
        final String url;

        Node(String name) throws Exception {
            files = dir.resolve(name).resolve("artifacts");
            String[] self = new String[1];
            artifacts = new ClusterArtifacts(new ArtifactStore(files), store, () -> self[0]);
            ArtifactRoutes routes = new ArtifactRoutes(artifacts, system);
            ApiGuard guard = new ApiGuard(new TokenBook(store, Clock.systemUTC()), false);
            binding = Http.get(system).newServerAt("127.0.0.1", 0)
                    .bind(guard.guard(() -> Directives.pathPrefix("api", () -> Directives.pathPrefix("v1", routes::routes))))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            url = "http://127.0.0.1:" + binding.localAddress().getPort();
            self[0] = url;
            new MasterDirectory(store).register(url);
        }

        void stop() throws Exception {
            binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        boolean holds(String sha) {
            return Files.exists(files.resolve(sha));
        }
    }

    @BeforeEach
    void startNodes() throws Exception {
        new Random(7).nextBytes(jar);
        store.putNow(ClusterSecret.NAMESPACE, "secret", "{\"secret\":\"" + "s3cr3t-".repeat(6) + "\"}");
        operator = new TokenBook(store, Clock.systemUTC()).create("uploader", Role.OPERATOR, null, null)
                .toCompletableFuture().get().text();
        system = ActorSystem.create(Behaviors.empty(), "artifact-replication-test",
                ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load()));
        for (String name : List.of("a", "b", "c")) {
            nodes.add(new Node(name));
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        if (system != null) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    HttpResponse<String> upload(Node node, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(node.url + "/api/v1/artifacts"))
                .header("Authorization", "Bearer " + operator).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> get(Node node, String sha) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(node.url + "/api/v1/artifacts/" + sha))
                        .header("Authorization", "Bearer " + operator).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(String body) throws IOException {
        return ArtifactIndex.MAPPER.readTree(body);
    }

    @Test
    void anUploadReturnsOnceAMajorityOfMasterNodesHoldsIt() throws Exception {
        Node a = nodes.get(0);
        HttpResponse<String> response = upload(a, jar);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode reply = json(response.body());
        String sha = reply.path("sha256").asText();
        assertThat(reply.path("size").asLong()).isEqualTo(jar.length);
        assertThat(reply.path("url").asText()).isEqualTo(a.url + "/api/v1/artifacts/" + sha);
        assertThat(reply.path("urls")).hasSize(2);
        assertThat(reply.path("urls").get(0).asText()).isEqualTo(a.url + "/api/v1/artifacts/" + sha);
        assertThat(nodes.stream().filter(n -> n.holds(sha))).hasSize(2);
        assertThat(new ArtifactIndex(store).read(sha).orElseThrow().holders())
                .containsExactlyElementsOf(nodes.stream().filter(n -> n.holds(sha)).map(n -> n.url).toList());
    }

    @Test
    void theSameJarUploadedAgainIsStoredOnceAndItsIndexEntryNotRewritten() throws Exception {
        String sha = json(upload(nodes.get(0), jar).body()).path("sha256").asText();
        HttpResponse<String> again = upload(nodes.get(0), jar);

        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(json(again.body()).path("sha256").asText()).isEqualTo(sha);
        assertThat(json(again.body()).path("urls")).hasSize(2);
        assertThat(store.history("artifacts", sha).toCompletableFuture().get()).hasSize(1);
    }

    @Test
    void everyOtherNodeServesTheSameBytesOnceTheReceivingNodeIsGone() throws Exception {
        Node a = nodes.get(0);
        String sha = json(upload(a, jar).body()).path("sha256").asText();
        a.stop();
        Files.delete(a.files.resolve(sha));

        for (Node other : nodes.subList(1, 3)) {
            HttpResponse<byte[]> response = get(other, sha);
            assertThat(response.statusCode()).as("GET through %s", other.url).isEqualTo(200);
            assertThat(response.body()).isEqualTo(jar);
            assertThat(other.holds(sha)).isTrue();
        }
        assertThat(new ArtifactIndex(store).read(sha).orElseThrow().holders()).hasSize(3);
    }

    @Test
    void aSubmissionCheckOnANodeWithoutTheJarFetchesItFromAHolder() throws Exception {
        String sha = json(upload(nodes.get(0), jar).body()).path("sha256").asText();
        Node lacking = nodes.stream().filter(n -> !n.holds(sha)).findFirst().orElseThrow();

        Path found = lacking.artifacts.find(sha).orElseThrow();

        assertThat(Files.readAllBytes(found)).isEqualTo(jar);
        assertThat(lacking.artifacts.find("0".repeat(64))).as("an artifact nobody was given").isEmpty();
        assertThat(lacking.artifacts.fetchUrls("http://client-used:1/x", sha)).hasSize(4)
                .startsWith("http://client-used:1/x");
    }

    @Test
    void anUploadFailsWith503WhenNoMajorityCanTakeIt() throws Exception {
        nodes.get(1).stop();
        nodes.get(2).stop();

        HttpResponse<String> response = upload(nodes.get(0), jar);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(json(response.body()).path("error").asText())
                .contains("reached 1 of 3 master nodes", "a majority (2) must hold it", nodes.get(1).url,
                        nodes.get(2).url);
        assertThat(store.readAllNow("artifacts")).isEmpty();
    }

    @Test
    void aCopyWhoseBytesDoNotMatchItsNameIsRefused() throws Exception {
        Node b = nodes.get(1);
        String claimed = "ab".repeat(32);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(b.url + "/api/v1/artifacts/"
                + claimed)).header("Authorization", "Bearer " + operator).PUT(HttpRequest.BodyPublishers.ofByteArray(jar))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("error").asText()).contains("not " + claimed);
        assertThat(b.holds(claimed)).isFalse();
        try (var left = Files.list(b.files)) {
            assertThat(left).as("no partial file is left").isEmpty();
        }
    }

    @Test
    void anUnknownArtifactIsNotFound() throws Exception {
        assertThat(get(nodes.get(2), "0".repeat(64)).statusCode()).isEqualTo(404);
        assertThat(get(nodes.get(2), "not-a-sha").statusCode()).isEqualTo(404);
    }
}
