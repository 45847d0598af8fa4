package io.strata.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** The node's HTTP API as the CLI uses it: JSON in, JSON out, one call at a time. */
final class StrataHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final String token;

    /** @param token the bearer token every call sends */
    StrataHttp(String apiUrl, String token) {
        this.base = URI.create(apiUrl);
        this.token = token;
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Answer post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    /** Uploads a file as {@code POST /api/v1/artifacts} does for the CLI; returns its sha256. */
    String upload(Path file) throws IOException, InterruptedException {
        Answer a = send(HttpRequest.newBuilder(base.resolve("/api/v1/artifacts"))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofFile(file)));
        if (!a.ok() || !a.body().path("sha256").isTextual()) {
            throw new IllegalStateException("the node did not take " + file + ": HTTP " + a.status() + " " + a.body());
        }
        return a.body().path("sha256").asText();
    }

    /** Like {@link #get} but fails on anything but 2xx. */
    JsonNode getOk(String path) throws IOException, InterruptedException {
        Answer a = get(path);
        if (!a.ok()) {
            throw new IllegalStateException("GET " + path + ": HTTP " + a.status() + " " + a.body());
        }
        return a.body();
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(TIMEOUT).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        return new Answer(r.statusCode(), body);
    }
}
