package io.strata.tls;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A join token from the first master of a test cluster of {@code strata master} processes: asked of
 * its HTTPS API (trusting the CA in its home) with the admin token it wrote, when it wrote one.
 */
public final class TestJoinTokens {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestJoinTokens() {
    }

    public static String create(Path masterHome, String apiUrl) throws IOException, InterruptedException {
        HttpClient https = HttpClient.newBuilder().sslContext(ClusterTrust.sslContext(new TlsFiles(masterHome).caFile()))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + "/api/v1/join-tokens"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ttl\":\"1h\"}"));
        Path credentials = masterHome.resolve("credentials.json");
        if (Files.exists(credentials)) {
            request.header("Authorization", "Bearer " + JSON.readTree(credentials.toFile()).path("token").asText());
        }
        HttpResponse<String> response = https.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /api/v1/join-tokens answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body()).path("token").asText();
    }
}
