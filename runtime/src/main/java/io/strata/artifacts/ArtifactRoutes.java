package io.strata.artifacts;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.FileIO;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /artifacts} stores the request body (any size, streamed to disk) and answers
 * {@code {"sha256":…,"size":…,"url":…}}; {@code GET /artifacts/<sha256>} serves it. The URL is
 * built from the address the client used, which is the one agents can reach too.
 */
public final class ArtifactRoutes extends AllDirectives {

    private final ArtifactStore store;
    private final ActorSystem<?> system;

    public ArtifactRoutes(ArtifactStore store, ActorSystem<?> system) {
        this.store = store;
        this.system = system;
    }

    /** The routes, to be mounted under {@code /api/v1}. */
    public Route routes() {
        return pathPrefix("artifacts", () -> concat(
                pathEnd(() -> post(() -> extractUri(uri -> extractRequestEntity(entity ->
                        completeWithFuture(upload(uri, entity.withoutSizeLimit())))))),
                path(PathMatchers.segment(), sha -> get(() -> store.find(sha)
                        .<Route>map(file -> complete(HttpResponse.create().withEntity(
                                HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, file.toFile()))))
                        .orElseGet(() -> complete(json(StatusCodes.NOT_FOUND, error("no artifact " + sha
                                + "; upload it with POST /api/v1/artifacts"))))))));
    }

    /** The URL agents fetch an artifact from, given the address a client reached this API at. */
    public static String url(Uri requestUri, String sha256) {
        return requestUri.scheme() + "://" + requestUri.host().address() + ":" + requestUri.port()
                + "/api/v1/artifacts/" + sha256;
    }

    private CompletionStage<HttpResponse> upload(Uri uri, org.apache.pekko.http.javadsl.model.HttpEntity entity) {
        Path tmp;
        try {
            tmp = store.newUpload();
        } catch (Exception e) {
            return CompletableFuture.completedFuture(json(StatusCodes.INTERNAL_SERVER_ERROR,
                    error("cannot store the upload: " + e.getMessage())));
        }
        return entity.getDataBytes().runWith(FileIO.toPath(tmp), system)
                .thenApply(io -> {
                    try {
                        long size = Files.size(tmp);
                        String sha = store.adopt(tmp);
                        return json(StatusCodes.CREATED, "{\"sha256\":\"" + sha + "\",\"size\":" + size
                                + ",\"url\":\"" + url(uri, sha) + "\"}");
                    } catch (Exception e) {
                        return json(StatusCodes.INTERNAL_SERVER_ERROR, error("cannot store the upload: " + e.getMessage()));
                    }
                })
                .whenComplete((r, e) -> {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (Exception ignored) {
                        // a leftover .part file is harmless: it is never served
                    }
                });
    }

    private static HttpResponse json(org.apache.pekko.http.javadsl.model.StatusCode code, String body) {
        return HttpResponse.create().withStatus(code)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String error(String message) {
        return "{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }
}
