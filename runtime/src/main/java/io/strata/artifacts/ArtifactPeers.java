package io.strata.artifacts;

import java.io.IOException;
import io.strata.security.ClusterSecret;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/** Copies artifacts between master nodes over their HTTP APIs, authenticated with the cluster secret. */
final class ArtifactPeers {

    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration TRANSFER = Duration.ofMinutes(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
    private final ClusterSecret secret;

    ArtifactPeers(ClusterSecret secret) {
        this.secret = secret;
    }

    /** Sends the file to another master node, which checks its SHA-256 before keeping it. */
    void push(String apiUrl, String sha256, Path file) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ArtifactRoutes.url(apiUrl, sha256))).timeout(TRANSFER)
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** Fetches the artifact from a master node that holds it itself (it does not fetch it in turn). */
    void pull(String apiUrl, String sha256, Path into) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ArtifactRoutes.url(apiUrl, sha256) + "?local=true"))
                .timeout(TRANSFER).GET().build();
        HttpResponse<Path> response = send(request, HttpResponse.BodyHandlers.ofFile(into,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        String authorization = secret.authorization();
        if (authorization != null) {
            request = HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", authorization).build();
        }
        try {
            return http.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A short reason for a failed transfer; the JDK's connect errors often have no message. */
    static String reason(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
        }
        return m;
    }
}
