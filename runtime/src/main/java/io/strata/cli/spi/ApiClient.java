package io.strata.cli.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import io.strata.security.Credentials;

/**
 * The CLI's view of the Strata HTTP API. Every master node serves the API, so a cluster has several
 * URLs: a request goes to the one that answered last and, when a node does not answer, on to the
 * next. Every transport or API error becomes a {@link CliFailure} with a sentence the user can act on.
 *
 * <p>A request moves to the next URL when the node refused the connection or did not accept it within
 * the connect timeout (the request never left). A read-only request also moves on when the node
 * answered 503 (it cannot serve now) or did not answer after taking it; a request that changes
 * something never does, since the node may have applied it.
 *
 * <p>Every request carries {@code Authorization: Bearer <token>} when the client has a token; for
 * https URLs the client trusts the cluster's CA certificate when it was given one.
 */
public final class ApiClient {

    /** One read of a task's log: the bytes from the requested offset, where to continue, the task's state. */
    public record LogChunk(byte[] data, long nextOffset, String taskState) {
    }

    /** Why one URL did not serve a request. */
    private record Miss(URI url, Kind kind, String reason) {
        enum Kind { REFUSED, NOT_CONNECTED, NO_ANSWER, UNAVAILABLE }

        @Override
        public String toString() {
            return url + " " + reason;
        }
    }

    private final ApiTarget target;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final HttpClient http;
    private final Supplier<String> token;
    private volatile int preferred;

    /**
     * A client of the local cluster of {@code home}, with the token the cluster wrote to the home's
     * credentials.json when it started.
     *
     * @param home    the home whose cluster serves {@code base}, named in failures
     * @param timeout how long to wait for a connection and for each answer
     */
    public ApiClient(URI base, Path home, Duration timeout) {
        this(new ApiTarget.Local(home, base), timeout, timeout, () -> homeToken(home), null);
    }

    /** A client that sends no token. */
    public ApiClient(ApiTarget target, Duration connectTimeout, Duration timeout) {
        this(target, connectTimeout, timeout, () -> null, null);
    }

    /**
     * @param connectTimeout how long a node may take to accept a connection before the next URL is tried
     * @param timeout        how long to wait for each answer
     * @param token          the bearer token to send (null: none), asked at each request
     * @param ssl            what https URLs are trusted with; null for the JDK's default trust
     */
    public ApiClient(ApiTarget target, Duration connectTimeout, Duration timeout, Supplier<String> token, SSLContext ssl) {
        this.target = target;
        this.connectTimeout = connectTimeout;
        this.timeout = timeout;
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
    }

    /** The token in {@code <home>/credentials.json}, or null. */
    public static String homeToken(Path home) {
        try {
            return Credentials.read(home).orElse(null);
        } catch (IOException e) {
            throw CliFailure.failure("Cannot read " + Credentials.path(home) + " (" + e.getMessage() + "). Fix or delete it, "
                    + "or give a token with --token or STRATA_TOKEN.");
        }
    }

    /** The URL that served the last request (before any, the first to try). */
    public URI base() {
        return target.urls().get(preferred);
    }

    public ApiTarget target() {
        return target;
    }

    public JsonNode get(String path) {
        return json(send("GET", path, BodyPublishers.noBody(), null, true));
    }

    public JsonNode post(String path, JsonNode body) {
        return json(send("POST", path, BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8),
                "application/json", false));
    }

    public JsonNode put(String path, JsonNode body) {
        return json(send("PUT", path, BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8),
                "application/json", false));
    }

    /**
     * Sends {@code text} as it is, e.g. a file as the user wrote it (an app file in YAML or JSON), or
     * nothing when it is empty. Not sent to another master after one took it without answering.
     */
    public JsonNode sendText(String method, String path, String text, String contentType) {
        return json(send(method, path, BodyPublishers.ofString(text, StandardCharsets.UTF_8),
                text.isEmpty() ? null : contentType, false));
    }

    public JsonNode delete(String path) {
        return json(send("DELETE", path, BodyPublishers.noBody(), null, false));
    }

    public LogChunk logs(String taskId, String stream, long offset) {
        HttpResponse<byte[]> response = send("GET", "/api/v1/tasks/" + segment(taskId)
                + "/logs?stream=" + stream + "&offset=" + offset, BodyPublishers.noBody(), null, true);
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
     * {@code sha256}, {@code size}, {@code url}. The store keys by content, so sending the same file
     * to another master after one failed to answer is safe.
     */
    public JsonNode upload(Path file) {
        HttpRequest.BodyPublisher content;
        try {
            content = BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw CliFailure.failure("Cannot read " + file + ".");
        }
        HttpResponse<byte[]> response = send("POST", "/api/v1/artifacts", content, "application/octet-stream", true);
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

    /**
     * Sends the request to the URLs in turn, from the one that answered last, until one serves it.
     *
     * @param resendable whether the request may go to another node after one took it without answering
     */
    private HttpResponse<byte[]> send(String method, String path, HttpRequest.BodyPublisher body,
                                      String contentType, boolean resendable) {
        List<URI> urls = target.urls();
        List<Miss> misses = new ArrayList<>();
        HttpResponse<byte[]> unavailable = null;
        int first = preferred;
        for (int i = 0; i < urls.size(); i++) {
            int index = (first + i) % urls.size();
            URI url = urls.get(index);
            HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path))
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .method(method, body);
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            String bearer = token.get();
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 503 && resendable && urls.size() > 1) {
                    unavailable = response;
                    misses.add(new Miss(url, Miss.Kind.UNAVAILABLE, "answered 503 (" + errorMessage(response) + ")"));
                    continue;
                }
                preferred = index;
                return response;
            } catch (IOException e) {
                Optional<Miss> unsent = unsent(url, e);
                if (unsent.isPresent()) {
                    misses.add(unsent.get());
                    continue;
                }
                Miss miss = new Miss(url, Miss.Kind.NO_ANSWER, e instanceof HttpTimeoutException
                        ? "did not answer within " + seconds(timeout) : "failed (" + describe(e) + ")");
                if (!resendable) {
                    throw notResent(method, path, miss);
                }
                misses.add(miss);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliFailure(CliFailure.FAILURE, "Interrupted while waiting for the Strata API.", e);
            }
        }
        if (unavailable != null && misses.stream().allMatch(m -> m.kind() == Miss.Kind.UNAVAILABLE)) {
            return unavailable;
        }
        throw unreachable(misses);
    }

    /** The miss if the request certainly never reached the node: the connection was not made. */
    private Optional<Miss> unsent(URI url, IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return Optional.of(new Miss(url, Miss.Kind.NOT_CONNECTED,
                    "did not accept a connection within " + seconds(connectTimeout)));
        }
        boolean connect = false;
        String detail = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof NoRouteToHostException) {
                return Optional.of(new Miss(url, Miss.Kind.NOT_CONNECTED, "has no route to its host"));
            }
            if (cause instanceof UnknownHostException) {
                return Optional.of(new Miss(url, Miss.Kind.NOT_CONNECTED, "has a host name that does not resolve"));
            }
            if (cause instanceof ConnectException) {
                connect = true;
                if (cause.getMessage() != null) {
                    detail = cause.getMessage();
                }
            }
        }
        if (!connect) {
            return Optional.empty();
        }
        // the JDK's client reports a refused connection as a ConnectException without a message
        return Optional.of(detail == null || detail.toLowerCase(Locale.ROOT).contains("refused")
                ? new Miss(url, Miss.Kind.REFUSED, "refused the connection")
                : new Miss(url, Miss.Kind.NOT_CONNECTED, "could not be connected to (" + detail + ")"));
    }

    /** No URL served the request. */
    private CliFailure unreachable(List<Miss> misses) {
        if (target instanceof ApiTarget.Local local) {
            Miss miss = misses.get(misses.size() - 1);
            if (miss.kind() == Miss.Kind.REFUSED) {
                return CliFailure.noCluster(local.home());
            }
            String check = miss.reason().startsWith("did not answer")
                    ? "Check " + local.home().resolve("logs") + " for what the cluster is doing."
                    : "Check that the cluster is up with 'strata status'.";
            return CliFailure.failure("The Strata API at " + miss + ". " + check);
        }
        ApiTarget.Remote remote = (ApiTarget.Remote) target;
        List<String> each = misses.stream().map(Miss::toString).toList();
        return CliFailure.failure("Cannot reach the Strata API of " + remote.name() + ": "
                + String.join(", ", each) + ". " + remote.hint() + ".");
    }

    /** A request that changes something reached a node that did not answer: it may have been applied. */
    private CliFailure notResent(String method, String path, Miss miss) {
        if (target instanceof ApiTarget.Local) {
            return unreachable(List.of(miss));
        }
        return CliFailure.failure(method + " " + path + " reached " + miss.url() + ", which " + miss.reason()
                + "; it may have been applied" + (target.urls().size() > 1 ? ", so strata did not send it to another "
                + "master" : "") + ". Check with a list or status command before trying again.");
    }

    private static String seconds(Duration duration) {
        return Table.number(duration.toMillis() / 1000.0) + " s";
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
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
