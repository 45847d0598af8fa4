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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * The plug-in's only link to Strata: plain HTTP/JSON calls to the Spark routes of the Strata API
 * ({@code /api/v1/spark/apps/...}), with the JDK's own HTTP client and the Jackson that Spark's JVM
 * already holds (the plug-in brings no jar of its own beside Spark's).
 *
 * <p>It knows every master node's API the master URL names ({@link MasterUrl}). A call goes to the
 * API that answered last; when that one cannot be reached (refused, no route, timed out, the
 * connection closed before an answer) or answers 503, the call goes to the next, in order, so a
 * driver outlives the master node it first talked to. Every call is idempotent (the PUT carries the
 * whole application), so sending one again elsewhere does no harm. Only when none answers does a
 * call fail, naming each API and why.
 */
final class StrataSparkClient {

    /** Short, so an unreachable master node costs little before the next one is tried. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int UNAVAILABLE = 503;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The body of every PUT: the whole application, the executors Spark wants and the ones already
     * registered (the others are still starting, so Strata may cancel them when the target drops).
     */
    record Heartbeat(@JsonUnwrapped AppDescription app, int target, List<String> registered) {
    }

    private final List<URI> apis;
    private final String appPath;
    private final String token;
    private final HttpClient http;
    /** The index in {@link #apis} of the API that answered last: where the next call goes first. */
    private volatile int current;

    StrataSparkClient(List<URI> apis, String appId) {
        this(apis, appId, null, null);
    }

    /**
     * @param apis  the API base URLs of the cluster's master nodes, in the order to try them
     * @param token the bearer token to send; null for none
     * @param ssl   what https is trusted with (the cluster's CA); null for the JDK's default
     */
    StrataSparkClient(List<URI> apis, String appId, String token, SSLContext ssl) {
        if (apis.isEmpty()) {
            throw new IllegalArgumentException("the Strata Spark client needs at least one API URL");
        }
        this.apis = List.copyOf(apis);
        this.appPath = "/api/v1/spark/apps/" + URLEncoder.encode(appId, StandardCharsets.UTF_8);
        this.token = token;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
    }

    /** The API the next call goes to first: the one that answered last. */
    URI current() {
        return apis.get(current);
    }

    /**
     * Registers the application, or refreshes it: the call is idempotent and carries everything,
     * so it doubles as the driver's heartbeat and re-creates the app on a framework that forgot it.
     * Returns the problem Strata has running the application's executors, if it has one.
     */
    Optional<String> put(Heartbeat heartbeat) throws IOException {
        HttpRequest.BodyPublisher body = body(heartbeat);
        JsonNode problem = send(base -> request(base, appPath).PUT(body)).path("problem");
        return problem.isTextual() ? Optional.of(problem.asText()) : Optional.empty();
    }

    void killExecutors(List<String> executorIds) throws IOException {
        HttpRequest.BodyPublisher body = body(Map.of("executors", executorIds));
        send(base -> request(base, appPath + "/kill").POST(body));
    }

    /** The driver ends: Strata kills whatever executors are left and forgets the application. */
    void end() throws IOException {
        send(base -> request(base, appPath).DELETE());
    }

    private HttpRequest.Builder request(URI base, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json");
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static HttpRequest.BodyPublisher body(Object json) throws IOException {
        return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(json));
    }

    /**
     * Sends the call to the API that answered last, else to the next ones in turn; returns the
     * first answer that is not a 503, throws when there is none (naming each API and why).
     */
    private JsonNode send(Function<URI, HttpRequest.Builder> call) throws IOException {
        List<String> failures = new ArrayList<>();
        int first = current;
        for (int i = 0; i < apis.size(); i++) {
            int at = (first + i) % apis.size();
            URI base = apis.get(at);
            HttpResponse<String> response;
            try {
                response = http.send(call.apply(base).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while calling the Strata API at " + base, e);
            } catch (IOException e) {
                failures.add(base + " (" + reason(e) + ")");
                continue;
            }
            String body = response.body() == null ? "" : response.body().strip();
            JsonNode json = body.startsWith("{") ? JSON.readTree(body) : JSON.missingNode();
            JsonNode error = json.path("error");
            String said = error.isTextual() ? error.asText() : body;
            if (response.statusCode() == UNAVAILABLE) {
                failures.add(base + " (answered 503: " + said + ")");
                continue;
            }
            current = at;
            if (response.statusCode() / 100 != 2) {
                throw new IOException("the Strata API at " + base + " answered " + response.statusCode() + ": " + said);
            }
            return json;
        }
        throw new IOException("no Strata API took the call: " + String.join(", ", failures));
    }

    /** Why a call got no answer: the exception and its cause (the JDK's often have no message). */
    static String reason(Throwable e) {
        String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        Throwable cause = e.getCause();
        return cause == null || cause == e ? reason : reason + " (cause: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
    }
}
