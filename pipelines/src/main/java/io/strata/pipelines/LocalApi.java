package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The orchestrator talks to the frameworks through the same HTTP API operators use (on its own
 * node), so a pipeline gets exactly the checks, names and states a user would see. It authenticates
 * as the cluster itself (the cluster secret of the control store).
 */
class LocalApi {

    /** An answer: the HTTP status and the JSON body (MissingNode when empty or not JSON). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String error() {
            return body.path("error").asText("HTTP " + status);
        }
    }

    /** One request. */
    interface Call {
        Answer run() throws IOException;
    }

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(LocalApi.class);

    private final Supplier<String> base;
    private final Supplier<String> authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** For tests against an API that asks for no token. */
    LocalApi(Supplier<String> base) {
        this(base, () -> null);
    }

    /** @param authorization the Authorization header to send (null: none), asked at each request */
    LocalApi(Supplier<String> base, Supplier<String> authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** For tests that stand in for the cluster. */
    LocalApi() {
        this(() -> {
            throw new IllegalStateException("no cluster");
        });
    }

    Answer get(String path) throws IOException {
        return send(request(path, Duration.ofSeconds(30)).GET());
    }

    Answer post(String path, JsonNode body) throws IOException {
        return post(path, body, Duration.ofSeconds(30));
    }

    Answer post(String path, JsonNode body, Duration timeout) throws IOException {
        return send(request(path, timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    Answer delete(String path) throws IOException {
        return send(request(path, Duration.ofSeconds(30)).DELETE());
    }

    /** A call for a pipeline's step; a transport failure is logged and answered with null (the next step tries again). */
    static Answer attempt(String pipeline, Call c) {
        try {
            return c.run();
        } catch (IOException | RuntimeException e) {
            LOG.debug("pipeline api call failed pipeline={} reason=\"{}\"", pipeline, e.toString());
            return null;
        }
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.get() + path)).timeout(timeout)
                .header("Accept", "application/json");
        String auth = authorization.get();
        return auth == null ? b : b.header("Authorization", auth);
    }

    private Answer send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = r.body() == null || r.body().isBlank() ? MissingNode.getInstance() : MAPPER.readTree(r.body());
            } catch (IOException notJson) {
                body = MAPPER.createObjectNode().put("error", r.body());
            }
            return new Answer(r.statusCode(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
