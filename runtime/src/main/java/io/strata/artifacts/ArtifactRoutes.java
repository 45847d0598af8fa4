package io.strata.artifacts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.PathParams;
import io.strata.node.StrataExtension;
import io.strata.store.StoreUnavailableException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.FileIO;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * {@code POST /artifacts} stores the request body (up to {@code strata.api.max-artifact-size}, streamed to disk), copies it to a
 * majority of master nodes and answers {@code {"sha256":…,"size":…,"url":…,"urls":[…]}}: {@code url}
 * is built from the address the client used (the one agents can reach too), {@code urls} are those
 * of every master node holding it. {@code GET /artifacts/<sha256>} serves it, fetching it first from
 * a master node that holds it when this one does not ({@code ?local=true}: only what this node
 * holds). {@code PUT /artifacts/<sha256>} is how master nodes copy an artifact to each other: the
 * bytes are kept only if their SHA-256 is the one in the path.
 */
public final class ArtifactRoutes extends AllDirectives {

    private final ClusterArtifacts artifacts;
    private final ActorSystem<?> system;
    private final Executor blocking;
    /** strata.api.max-artifact-size: the largest upload taken (413 beyond it). */
    private final long maxBytes;

    public ArtifactRoutes(ClusterArtifacts artifacts, ActorSystem<?> system) {
        this.artifacts = artifacts;
        this.system = system;
        this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        this.maxBytes = system.settings().config().getBytes("strata.api.max-artifact-size");
    }

    /** The node's artifact routes; the node registers in the master directory once its API serves. */
    public static ArtifactRoutes start(StrataExtension.Context context) {
        ClusterArtifacts artifacts = ClusterArtifacts.of(context);
        artifacts.registerWhenServing(context.system());
        return new ArtifactRoutes(artifacts, context.system());
    }

    /** The routes, to be mounted under {@code /api/v1}. */
    public Route routes() {
        return pathPrefix("artifacts", () -> concat(
                pathEnd(() -> post(() -> extractUri(uri -> extractRequestEntity(entity ->
                        completeWithFuture(upload(uri, entity.withSizeLimit(maxBytes))))))),
                path(PathMatchers.segment(), sha -> PathParams.checked("artifact name", sha, () -> concat(
                        get(() -> parameterOptional("local", local -> completeWithFuture(serve(sha,
                                local.map(Boolean::parseBoolean).orElse(false))))),
                        put(() -> extractRequestEntity(entity -> completeWithFuture(receive(sha,
                                entity.withSizeLimit(maxBytes))))))))));
    }

    /** The URL agents fetch an artifact from, given the address a client reached this API at. */
    public static String url(Uri requestUri, String sha256) {
        return url(requestUri.scheme() + "://" + requestUri.host().address() + ":" + requestUri.port(), sha256);
    }

    /** The URL of an artifact on the master node with this API base URL. */
    public static String url(String apiUrl, String sha256) {
        return apiUrl + "/api/v1/artifacts/" + sha256;
    }

    private CompletionStage<HttpResponse> serve(String sha, boolean localOnly) {
        if (!ArtifactStore.isSha256(sha)) {
            return done(json(StatusCodes.NOT_FOUND, error("no artifact " + sha + ": an artifact is named by the "
                    + "64 lower-case hex digits of its SHA-256")));
        }
        CompletionStage<Optional<Path>> file = localOnly
                ? CompletableFuture.completedFuture(artifacts.local().find(sha))
                : CompletableFuture.supplyAsync(() -> artifacts.fetch(sha), blocking);
        return file.<HttpResponse>thenApply(found -> found
                        .map(f -> HttpResponse.create().withEntity(
                                HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, f.toFile())))
                        .orElseGet(() -> json(StatusCodes.NOT_FOUND, error("no artifact " + sha
                                + "; upload it with POST /api/v1/artifacts"))))
                .exceptionally(unavailable());
    }

    private CompletionStage<HttpResponse> upload(Uri uri, HttpEntity entity) {
        return receiveFile(entity, tmp -> {
            long size = Files.size(tmp);
            String sha = artifacts.local().adopt(tmp);
            return CompletableFuture.supplyAsync(() -> {
                List<String> holders = artifacts.replicate(sha);
                ObjectNode reply = ArtifactIndex.MAPPER.createObjectNode().put("sha256", sha).put("size", size)
                        .put("url", url(uri, sha));
                holders.forEach(h -> reply.withArray("urls").add(url(h, sha)));
                return json(StatusCodes.CREATED, reply.toString());
            }, blocking).exceptionally(unavailable());
        });
    }

    private CompletionStage<HttpResponse> receive(String sha, HttpEntity entity) {
        if (!ArtifactStore.isSha256(sha)) {
            return done(json(StatusCodes.BAD_REQUEST, error("'" + sha + "' is not a SHA-256: expected 64 lower-case "
                    + "hex digits")));
        }
        return receiveFile(entity, tmp -> {
            long size = Files.size(tmp);
            try {
                artifacts.local().adopt(tmp, sha);
            } catch (IllegalArgumentException e) {
                return done(json(StatusCodes.BAD_REQUEST, error(e.getMessage())));
            }
            return done(json(StatusCodes.CREATED, ArtifactIndex.MAPPER.createObjectNode().put("sha256", sha)
                    .put("size", size).toString()));
        });
    }

    /** Streams the body into a temporary file of the store, hands it on, and removes what is left of it. */
    private CompletionStage<HttpResponse> receiveFile(HttpEntity entity, Received then) {
        Path tmp;
        try {
            tmp = artifacts.local().newUpload();
        } catch (Exception e) {
            return done(json(StatusCodes.INTERNAL_SERVER_ERROR, error("cannot store the upload: " + e.getMessage())));
        }
        return entity.getDataBytes().runWith(FileIO.toPath(tmp), system)
                .thenCompose(io -> {
                    try {
                        return then.apply(tmp);
                    } catch (Exception e) {
                        return done(json(StatusCodes.INTERNAL_SERVER_ERROR, error("cannot store the upload: "
                                + e.getMessage())));
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

    private interface Received {
        CompletionStage<HttpResponse> apply(Path tmp) throws Exception;
    }

    /** No majority of master nodes (for the bytes or for the index) is a 503: the client may retry. */
    private static Function<Throwable, HttpResponse> unavailable() {
        return t -> {
            Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                    ? t.getCause() : t;
            if (cause instanceof NoMajorityException || cause instanceof StoreUnavailableException
                    || cause instanceof ArtifactUnavailableException) {
                return json(StatusCodes.SERVICE_UNAVAILABLE, error(cause.getMessage()));
            }
            // Anything else (a body over the size limit, a fault of this node) is the API's to answer.
            throw cause instanceof RuntimeException e ? e : new java.util.concurrent.CompletionException(cause);
        };
    }

    private static CompletionStage<HttpResponse> done(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    private static HttpResponse json(StatusCode code, String body) {
        return HttpResponse.create().withStatus(code)
                .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String error(String message) {
        return ArtifactIndex.MAPPER.createObjectNode().put("error", message).toString();
    }
}
