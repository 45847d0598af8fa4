package io.strata.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.strata.node.StrataNode;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.StrataApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the core API answers to requests a client got wrong, on a real node: a JSON 4xx naming what
 * is wrong, never a 5xx or a stack trace; bodies over their limit get 413.
 */
class HostileInputTest {

    @TempDir
    static Path home;
    static StrataNode node;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String error() {
            return body.path("error").asText();
        }
    }

    @BeforeAll
    static void start() {
        // A small artifact limit, to see it enforced without sending gigabytes.
        System.setProperty("strata.api.max-artifact-size", "64k");
        ConfigFactory.invalidateCaches();
        node = LoopbackCluster.start(home, 1, 2.0, 1024L, 1024L, "30360-30369", Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        System.clearProperty("strata.api.max-artifact-size");
        ConfigFactory.invalidateCaches();
        if (node != null) {
            node.close();
        }
    }

    /** The API token requests carry: the node's bootstrap (admin) token. */
    static java.util.Optional<String> token() {
        return node.bootstrapToken();
    }

    static Answer send(String method, String path, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.apiUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().startsWith("{") ? StrataApi.JSON.readTree(r.body()) : StrataApi.JSON.missingNode();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return new Answer(r.statusCode(), json, r);
    }

    static Answer post(String path, String json) throws Exception {
        return send("POST", path, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMistypedFieldIsRefusedNamingItAndWhatIsValid() throws Exception {
        Answer a = post("/api/v1/tasks", "{\"name\":\"a\",\"cpus\":\"lots\",\"memMb\":64,\"command\":[\"true\"]}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).isEqualTo("'cpus' must be a number greater than 0, got \"lots\"");
    }

    @Test
    void anUnknownFieldIsRefusedByName() throws Exception {
        Answer a = post("/api/v1/tasks", "{\"name\":\"a\",\"cpu\":1,\"memMb\":64,\"command\":[\"true\"]}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).startsWith("unknown field 'cpu' (known: name, cpus, memMb, diskMb, env, command, group, user)");
        assertThat(StrataApi.JSON.readTree(send("GET", "/api/v1/tasks", null).raw().body())).isEmpty();
    }

    @Test
    void brokenJsonAndBodiesThatAreNoObjectAre400() throws Exception {
        assertThat(post("/api/v1/tasks", "{\"name\":").error()).startsWith("the request body is not valid JSON");
        assertThat(post("/api/v1/tasks", "[]").error()).isEqualTo("the request body must be a JSON object, got []");
        assertThat(post("/api/v1/tasks", "").error()).isEqualTo("the request body is empty; send a JSON object");
        assertThat(post("/api/v1/tasks", "{\"env\":" + "[".repeat(100_000) + "}").status()).isEqualTo(400);
    }

    @Test
    void aBodyOverTheLimitIs413WithASentence() throws Exception {
        Answer a = post("/api/v1/tasks", "{\"name\":\"" + "x".repeat(1_100_000) + "\"}");
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.error()).isEqualTo("the request body is larger than 1048576 bytes, the most this endpoint accepts");
    }

    @Test
    void artifactsHaveTheirOwnLimit() throws Exception {
        assertThat(send("POST", "/api/v1/artifacts", new byte[20_000]).status()).isEqualTo(201);
        Answer tooLarge = send("POST", "/api/v1/artifacts", new byte[70 * 1024]);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.error()).contains("larger than 65536 bytes");
    }

    @Test
    void aMethodThePathDoesNotHaveIs405WithAllow() throws Exception {
        Answer a = send("PATCH", "/api/v1/tasks", null);
        assertThat(a.status()).isEqualTo(405);
        assertThat(a.raw().headers().firstValue("Allow")).hasValueSatisfying(v -> assertThat(v).contains("GET", "POST"));
        assertThat(a.error()).contains("not allowed");
    }

    @Test
    void anUnknownPathIs404InJson() throws Exception {
        Answer a = send("GET", "/api/v1/nothing-here", null);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.error()).isNotBlank();
    }

    @Test
    void pathParametersCannotLeaveTheirDirectory() throws Exception {
        Answer logs = send("GET", "/api/v1/tasks/..%2F..%2Fetc%2Fpasswd/logs", null);
        assertThat(logs.status()).isEqualTo(400);
        assertThat(logs.error()).isEqualTo("task id '../../etc/passwd' must not contain '/'");
        Answer artifact = send("PUT", "/api/v1/artifacts/..%2F..%2Fcontrol-store", new byte[1]);
        assertThat(artifact.status()).isEqualTo(400);
        assertThat(artifact.error()).isEqualTo("artifact name '../../control-store' must not contain '/'");
        // A whole segment '..' never reaches a route: Pekko resolves it in the path, as a browser would.
        assertThat(send("GET", "/api/v1/artifacts/%2e%2e", null).status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/tasks/a%00b", null).error()).contains("task id", "control characters");
        assertThat(send("GET", "/api/v1/tasks/" + "x".repeat(300), null).error()).contains("longer than 255");
    }

    @Test
    void aLogOffsetMustBeAWholeNumberOfZeroOrMore() throws Exception {
        for (String offset : new String[]{"-1", "NaN", "1e99", "99999999999999999999"}) {
            Answer a = send("GET", "/api/v1/tasks/some-task/logs?offset=" + offset, null);
            assertThat(a.status()).as(offset).isEqualTo(400);
            assertThat(a.error()).isEqualTo("offset must be a whole number of 0 or more, got '" + offset + "'");
        }
    }

    @Test
    void aRequestTooBrokenToRouteGetsAJson400() throws Exception {
        URI uri = URI.create(node.apiUrl());
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("FROB /api/v1/tasks HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("{\"error\":");
        }
    }
}
