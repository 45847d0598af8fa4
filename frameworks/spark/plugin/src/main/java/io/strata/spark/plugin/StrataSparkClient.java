package io.strata.spark.plugin;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The plug-in's only link to Strata: plain HTTP/JSON calls to the Spark routes of the Strata API
 * ({@code /api/v1/spark/apps/...}), with the JDK's own HTTP client and the Jackson that Spark's JVM
 * already holds (the plug-in brings no jar of its own beside Spark's).
 */
final class StrataSparkClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The body of every PUT: the whole application, the executors Spark wants and the ones already
     * registered (the others are still starting, so Strata may cancel them when the target drops).
     */
    record Heartbeat(@JsonUnwrapped AppDescription app, int target, List<String> registered) {
    }

    private final URI base;
    private final String appPath;
    private final String token;
    private final HttpClient http;

    StrataSparkClient(URI base, String appId) {
        this(base, appId, null, null);
    }

    /**
     * @param token the bearer token to send; null for none
     * @param ssl   what https is trusted with (the cluster's CA); null for the JDK's default
     */
    StrataSparkClient(URI base, String appId, String token, SSLContext ssl) {
        this.base = base;
        this.appPath = "/api/v1/spark/apps/" + URLEncoder.encode(appId, StandardCharsets.UTF_8);
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
    }

    /** {@code strata://HOST:PORT} → {@code https://HOST:PORT} when the cluster's CA is given, else {@code http://}. */
    static URI apiOf(String masterUrl, boolean https) {
        URI plain = apiOf(masterUrl);
        return https ? URI.create("https" + plain.toString().substring("http".length())) : plain;
    }

    /** {@code strata://HOST:PORT} → {@code http://HOST:PORT}. */
    static URI apiOf(String masterUrl) {
        String rest = masterUrl.substring(StrataClusterManager.PREFIX.length());
        if (rest.isBlank() || rest.contains("/")) {
            throw new IllegalArgumentException("a Strata master URL is strata://HOST:PORT (the Strata API), got '"
                    + masterUrl + "'");
        }
        return URI.create("http://" + rest);
    }

    URI base() {
        return base;
    }

    /**
     * Registers the application, or refreshes it: the call is idempotent and carries everything,
     * so it doubles as the driver's heartbeat and re-creates the app on a framework that forgot it.
     * Returns the problem Strata has running the application's executors, if it has one.
     */
    Optional<String> put(Heartbeat heartbeat) throws IOException {
        JsonNode problem = send(request(appPath).PUT(body(heartbeat))).path("problem");
        return problem.isTextual() ? Optional.of(problem.asText()) : Optional.empty();
    }

    void killExecutors(List<String> executorIds) throws IOException {
        send(request(appPath + "/kill").POST(body(Map.of("executors", executorIds))));
    }

    /** The driver ends: Strata kills whatever executors are left and forgets the application. */
    void end() throws IOException {
        send(request(appPath).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json");
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static HttpRequest.BodyPublisher body(Object json) throws IOException {
        return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(json));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling the Strata API at " + base, e);
        }
        String body = response.body() == null ? "" : response.body().strip();
        JsonNode json = body.startsWith("{") ? JSON.readTree(body) : JSON.missingNode();
        if (response.statusCode() / 100 != 2) {
            JsonNode error = json.path("error");
            throw new IOException("the Strata API at " + base + " answered " + response.statusCode() + ": "
                    + (error.isTextual() ? error.asText() : body));
        }
        return json;
    }
}
