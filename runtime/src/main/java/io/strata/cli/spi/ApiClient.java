package io.strata.cli.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.Optional;

/**
 * The CLI's view of the Strata HTTP API. Every transport or API error becomes a {@link CliFailure}
 * with a sentence the user can act on.
 */
public final class ApiClient {

    /** One read of a task's log: the bytes from the requested offset, where to continue, the task's state. */
    public record LogChunk(byte[] data, long nextOffset, String taskState) {
    }

    private final URI base;
    private final Path home;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param home    the home whose cluster serves {@code base}, named in failures
     * @param timeout how long to wait for a connection and for each answer
     */
    public ApiClient(URI base, Path home, Duration timeout) {
        this.base = base;
        this.home = home;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    public URI base() {
        return base;
    }

    public JsonNode get(String path) {
        return json(send(request(path).GET()));
    }

    public JsonNode post(String path, JsonNode body) {
        return json(send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))));
    }

    public JsonNode delete(String path) {
        return json(send(request(path).DELETE()));
    }

    public LogChunk logs(String taskId, String stream, long offset) {
        HttpResponse<byte[]> response = send(request("/api/v1/tasks/" + segment(taskId)
                + "/logs?stream=" + stream + "&offset=" + offset).GET());
        failUnlessSuccessful(response);
        long next = response.headers().firstValueAsLong("X-Strata-Next-Offset")
                .orElse(offset + response.body().length);
        String state = response.headers().firstValue("X-Strata-Task-State").orElse("");
        return new LogChunk(response.body(), next, state);
    }

    /**
     * Prints a task's log from {@code offset} as far as it goes now; the API may serve a long log in
     * parts, so it reads until a read comes back empty, and returns that read (where to continue, the
     * task's state).
     */
    public LogChunk printLogs(String taskId, String stream, long offset, PrintStream out) {
        while (true) {
            LogChunk chunk = logs(taskId, stream, offset);
            out.write(chunk.data(), 0, chunk.data().length);
            out.flush();
            if (chunk.data().length == 0) {
                return chunk;
            }
            offset = chunk.nextOffset();
        }
    }

    /**
     * Uploads a file (an application jar) to the cluster's artifact store ({@code POST
     * /api/v1/artifacts}), where agents fetch it by content hash; returns the API's answer:
     * {@code sha256}, {@code size}, {@code url}.
     */
    public JsonNode upload(Path file) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/artifacts"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (FileNotFoundException e) {
            throw CliFailure.failure("Cannot read " + file + ".");
        } catch (IOException e) {
            throw CliFailure.failure("Cannot upload " + file + " to the Strata API at " + base + " (" + e.getMessage()
                    + "). Check that the cluster is up with 'strata status'.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failure("Interrupted while uploading " + file + ".");
        }
        JsonNode json = response.statusCode() == 201 ? json(response) : MissingNode.getInstance();
        if (!json.path("sha256").isTextual()) {
            throw CliFailure.failure("The cluster did not take " + file + " (HTTP " + response.statusCode() + ": "
                    + apiError(response).orElseGet(() -> body(response)) + ").");
        }
        return json;
    }

    /** One path segment, encoded: a name or an id as part of an API path. */
    public static String segment(String pathSegment) {
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
        return apiError(response).orElseGet(() -> {
            String body = body(response);
            String detail = body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
            return "The Strata API answered HTTP " + response.statusCode() + " for " + response.request().method()
                    + " " + response.uri().getPath() + detail;
        });
    }

    private static Optional<String> apiError(HttpResponse<byte[]> response) {
        try {
            JsonNode json = Json.MAPPER.readTree(body(response));
            if (json != null && json.path("error").isTextual()) {
                return Optional.of(json.get("error").asText());
            }
        } catch (IOException notJson) {
            // no sentence from the API
        }
        return Optional.empty();
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8).strip();
    }
}
