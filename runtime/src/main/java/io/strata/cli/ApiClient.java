package io.strata.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CLI's view of the Strata HTTP API. Every transport or API error becomes a {@link CliFailure}
 * with a sentence the user can act on.
 */
final class ApiClient {

    /** One read of a task's log: the bytes from the requested offset, where to continue, the task's state. */
    record LogChunk(byte[] data, long nextOffset, String taskState) {
    }

    private final URI base;
    private final Path home;
    private final Duration timeout;
    private final HttpClient http;

    ApiClient(URI base, Path home, Duration timeout) {
        this.base = base;
        this.home = home;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /** The client for the cluster recorded in {@code home}, or the "no cluster" failure. */
    static ApiClient forHome(Path home) {
        ClusterFile cluster = ClusterFile.read(home).orElseThrow(() -> CliFailure.noCluster(home));
        return new ApiClient(cluster.api(), home, Duration.ofSeconds(30));
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) {
        return json(send(request(path).GET()));
    }

    JsonNode post(String path, JsonNode body) {
        return json(send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))));
    }

    JsonNode delete(String path) {
        return json(send(request(path).DELETE()));
    }

    LogChunk logs(String taskId, String stream, long offset) {
        HttpResponse<byte[]> response = send(request("/api/v1/tasks/" + segment(taskId)
                + "/logs?stream=" + stream + "&offset=" + offset).GET());
        failUnlessSuccessful(response);
        long next = response.headers().firstValueAsLong("X-Strata-Next-Offset")
                .orElse(offset + response.body().length);
        String state = response.headers().firstValue("X-Strata-Task-State").orElse("");
        return new LogChunk(response.body(), next, state);
    }

    static String segment(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "application/json");
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw CliFailure.noCluster(home);
        } catch (HttpTimeoutException e) {
            throw new CliFailure(CliFailure.FAILURE, "The Strata API at " + base + " did not answer within "
                    + timeout.toSeconds() + " s. Check " + home.resolve("logs") + " for what the cluster is doing.", e);
        } catch (IOException e) {
            throw new CliFailure(CliFailure.FAILURE, "Cannot talk to the Strata API at " + base + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "). Check that the cluster is up with 'strata status'.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.FAILURE, "Interrupted while waiting for the Strata API.", e);
        }
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        failUnlessSuccessful(response);
        if (response.body().length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw CliFailure.failure("The Strata API at " + response.uri() + " answered with invalid JSON ("
                    + e.getOriginalMessage() + ").");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void failUnlessSuccessful(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        throw new ApiError(status, Sentences.of(errorMessage(response)));
    }

    /** The API reports errors as {@code {"error":"…"}}; anything else is shown as the status and body. */
    private static String errorMessage(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8).strip();
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json != null && json.path("error").isTextual()) {
                return json.get("error").asText();
            }
        } catch (IOException notJson) {
            // fall through to the raw body
        }
        String detail = body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
        return "The Strata API answered HTTP " + response.statusCode() + " for " + response.request().method()
                + " " + response.uri().getPath() + detail;
    }
}
