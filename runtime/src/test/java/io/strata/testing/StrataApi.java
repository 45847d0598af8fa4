package io.strata.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.node.StrataNode;
import io.strata.security.Credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A tiny client of the Strata HTTP API for tests.
 *
 * @param token the bearer token it sends; null sends none
 */
public record StrataApi(String base, String token) {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Response(int status, JsonNode body) {
    }

    /** The API of a node that started its cluster, with the cluster's bootstrap admin token. */
    public static StrataApi of(StrataNode node) {
        return new StrataApi(node.apiUrl(), node.bootstrapToken().orElseThrow(() -> new AssertionError(
                "the node did not start a new cluster, so it has no bootstrap token")));
    }

    /**
     * The API of a node started on {@code home}, with its bootstrap token, or (a node that restarted
     * on a home whose cluster already had one) the token in the home's credentials.json.
     */
    public static StrataApi of(StrataNode node, Path home) {
        if (node.bootstrapToken().isPresent()) {
            return of(node);
        }
        return new StrataApi(node.apiUrl(), credentials(home));
    }

    /** The token a node that started a cluster on {@code home} wrote for the CLI. */
    public static String credentials(Path home) {
        try {
            return Credentials.read(home).orElseThrow(() -> new AssertionError("no " + Credentials.path(home)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client that sends no token. */
    public static StrataApi anonymous(String base) {
        return new StrataApi(base, null);
    }

    public StrataApi withToken(String other) {
        return new StrataApi(base, other);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    /** The raw answer, headers included. */
    public HttpResponse<String> raw(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("API call failed: " + e, e);
        }
    }

    private Response send(HttpRequest.Builder b) {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
        } catch (Exception e) {
            throw new AssertionError("API call failed: " + e, e);
        }
    }
}
