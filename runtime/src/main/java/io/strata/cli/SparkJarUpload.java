package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Uploads an application jar to the cluster's artifact store ({@code POST /api/v1/artifacts}). */
final class SparkJarUpload {

    private SparkJarUpload() {
    }

    /** Returns the API's answer: {@code sha256}, {@code size}, {@code url}. */
    static JsonNode upload(ApiClient api, Path jar) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.base().resolve("/api/v1/artifacts"))
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofFile(jar)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = Json.MAPPER.readTree(r.body().isBlank() ? "{}" : r.body());
            if (r.statusCode() != 201 || !json.path("sha256").isTextual()) {
                throw CliFailure.failure("The cluster did not take the jar " + jar + " (HTTP " + r.statusCode() + ": "
                        + json.path("error").asText(r.body()) + ").");
            }
            return json;
        } catch (FileNotFoundException e) {
            throw CliFailure.failure("Cannot read the jar " + jar + ".");
        } catch (IOException e) {
            throw CliFailure.failure("Cannot upload " + jar + " to the Strata API at " + api.base() + " (" + e.getMessage()
                    + "). Check that the cluster is up with 'strata status'.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failure("Interrupted while uploading " + jar + ".");
        }
    }
}
