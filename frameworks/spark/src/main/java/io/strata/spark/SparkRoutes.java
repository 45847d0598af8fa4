package io.strata.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.KillGrace;
import io.strata.api.PathParams;
import io.strata.api.StrictJson;
import io.strata.artifacts.ArtifactRoutes;
import io.strata.artifacts.ClusterArtifacts;
import io.strata.api.GroupRoutes;
import io.strata.group.GroupAccess;
import io.strata.group.GroupStore;
import io.strata.security.Principal;
import io.strata.security.Principals;
import io.strata.spark.SparkProtocol.Command;
import io.strata.spark.plugin.StartBurst;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * {@code /api/v1/spark/...}: the plug-in's calls ({@code apps/{id}}: PUT as registration and
 * heartbeat, POST kill, DELETE at the end) and the operator's ({@code submissions}: submit, list,
 * status, kill; {@code volumes/{name}}: DELETE destroys a checkpoint volume).
 */
final class SparkRoutes extends AllDirectives {

    private static final Duration ASK = Duration.ofSeconds(5);

    /** What the plug-in sends (its AppDescription and heartbeat). */
    static final StrictJson.Schema APP = StrictJson.object().text("name").text("driverUrl")
            .wholeNumber("executorCores", 1, 10_000).positiveNumber("executorCpus")
            .wholeNumber("executorHeapMb", 1, StrictJson.MAX_MB).wholeNumber("executorOverheadMb", 0, StrictJson.MAX_MB)
            .texts("javaOptions").texts("classPath").textMap("env").wholeNumber("target", 0, Integer.MAX_VALUE)
            .texts("registered").text("submissionId")
            .wholeNumber("executorBurstMilliCpus", 0, StartBurst.milliCpus(StartBurst.MAX_CPUS))
            .wholeNumber("executorBurstSeconds", 0, StartBurst.MAX_SECONDS);
    static final StrictJson.Schema KILL = StrictJson.object().texts("executors");
    static final StrictJson.Schema SUBMISSION = StrictJson.object().text("name").text("mainClass").text("jarSha256")
            .text("jarName").wholeNumber("driverMemMb", 1, StrictJson.MAX_MB).positiveNumber("driverCpus")
            .object("checkpointVolume", StrictJson.object().text("name").wholeNumber("sizeMb", 1, StrictJson.MAX_MB))
            .texts("args").textMap("conf").text("group");

    private final ActorSystem<?> system;
    private final ActorRef<Command> framework;
    private final ClusterArtifacts artifacts;
    private final GroupStore groups;

    SparkRoutes(ActorSystem<?> system, ActorRef<Command> framework, ClusterArtifacts artifacts, GroupStore groups) {
        this.groups = groups;
        this.system = system;
        this.framework = framework;
        this.artifacts = artifacts;
    }

    Route routes() {
        return pathPrefix("spark", () -> Principals.principal(who -> concat(
                path("apps", () -> get(() -> completeWithFuture(overview(o -> json(StatusCodes.OK,
                        SparkJson.MAPPER.valueToTree(visibleApps(o, who))))))),
                path(PathMatchers.segment("apps").slash(PathMatchers.segment()), id -> PathParams.checked("application id", id, () -> concat(
                        put(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(putApp(id, body, who)))),
                        delete(() -> completeWithFuture(ifVisible(who, id, "application", () -> done(AskPattern.ask(framework,
                                r -> new SparkProtocol.EndApp(id, "its driver stopped", r), ASK, system.scheduler()), id)))),
                        get(() -> completeWithFuture(overview(o -> visibleApps(o, who).stream().filter(a -> a.appId().equals(id))
                                .findFirst().map(a -> json(StatusCodes.OK, SparkJson.MAPPER.valueToTree(a)))
                                .orElseGet(() -> notFound("application", id)))))))),
                path(PathMatchers.segment("apps").slash(PathMatchers.segment()).slash("history"), id -> PathParams.checked("application id", id, () ->
                        get(() -> completeWithFuture(overview(o -> visibleApps(o, who).stream().filter(a -> a.appId().equals(id))
                                .findFirst().map(a -> json(StatusCodes.OK, history(a)))
                                .orElseGet(() -> notFound("application", id))))))),
                path(PathMatchers.segment("apps").slash(PathMatchers.segment()).slash("kill"), id -> PathParams.checked("application id", id, () ->
                        post(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(
                                ifVisible(who, id, "application", () -> kill(id, body))))))),
                path("submissions", () -> concat(
                        get(() -> completeWithFuture(overview(o -> json(StatusCodes.OK,
                                SparkJson.MAPPER.valueToTree(visibleSubmissions(o, who)))))),
                        post(() -> extractUri(uri -> entity(Unmarshaller.entityToString(), body ->
                                completeWithFuture(offRouteThread(() -> submit(uri, body, who)))))))),
                path(PathMatchers.segment("volumes").slash(PathMatchers.segment()), name -> PathParams.checked("volume name", name, () ->
                        delete(() -> completeWithFuture(destroyVolume(name))))),
                path(PathMatchers.segment("submissions").slash(PathMatchers.segment()), id -> PathParams.checked("submission id", id, () -> concat(
                        get(() -> completeWithFuture(overview(o -> submission(o, id, who)))),
                        delete(() -> parameterOptional("grace", grace -> completeWithFuture(ifVisible(who, id, "submission",
                                () -> killSubmission(id, grace)))))))))));
    }

    private static List<SparkProtocol.AppView> visibleApps(SparkProtocol.Overview o, Principal who) {
        return o.apps().stream().filter(a -> GroupAccess.sees(who, a.group())).toList();
    }

    private static List<SparkProtocol.SubmissionView> visibleSubmissions(SparkProtocol.Overview o, Principal who) {
        return o.submissions().stream().filter(s -> GroupAccess.sees(who, s.group())).toList();
    }

    /**
     * {@code then} unless {@code id} (an application or a submission) belongs to a group {@code who}
     * may not see: to a scoped token another group's work does not exist (404).
     */
    private CompletionStage<HttpResponse> ifVisible(Principal who, String id, String what,
                                                    java.util.function.Supplier<CompletionStage<HttpResponse>> then) {
        if (who.group() == null) {
            return then.get();
        }
        return AskPattern.ask(framework, SparkProtocol.GetOverview::new, ASK, system.scheduler())
                .thenCompose(o -> {
                    boolean hidden = o.apps().stream().anyMatch(a -> a.appId().equals(id) && !GroupAccess.sees(who, a.group()))
                            || o.submissions().stream().anyMatch(s -> s.id().equals(id) && !GroupAccess.sees(who, s.group()));
                    return hidden ? CompletableFuture.completedFuture(notFound(what, id)) : then.get();
                })
                .exceptionally(this::unavailable);
    }

    /**
     * The application's group: the one it names (checked), else a scoped token's (a cluster-mode
     * driver's token is scoped to its submission's group), else its submission's, else default.
     */
    private CompletionStage<HttpResponse> putApp(String id, String body, Principal who) {
        SparkProtocol.AppSpec parsed;
        try {
            parsed = SparkJson.appSpec(APP.parse(body));
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        if (parsed.group() == null) {
            return putApp(id, who.group() == null ? parsed : parsed.withGroup(who.group()));
        }
        return groups.resolve(who, parsed.group()).thenCompose(g -> putApp(id, parsed.withGroup(g.name())))
                .exceptionally(t -> {
                    HttpResponse refused = GroupRoutes.refusal(t);
                    return refused != null ? refused : unavailable(t);
                });
    }

    private CompletionStage<HttpResponse> putApp(String id, SparkProtocol.AppSpec spec) {
        return AskPattern.<Command, SparkProtocol.AppReply>ask(framework, r -> new SparkProtocol.PutApp(id, spec, r), ASK,
                        system.scheduler())
                .thenApply(r -> {
                    ObjectNode n = SparkJson.MAPPER.createObjectNode().put("appId", r.appId());
                    n.put("problem", r.problem());
                    return json(StatusCodes.OK, n);
                })
                .exceptionally(this::unavailable);
    }

    private CompletionStage<HttpResponse> kill(String id, String body) {
        java.util.List<String> ids;
        try {
            ids = SparkJson.strings(KILL.parse(body).path("executors"));
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        return done(AskPattern.ask(framework, r -> new SparkProtocol.KillExecutors(id, ids, r), ASK, system.scheduler()), id);
    }

    /**
     * Checks what only this node can check (the jar is in its artifact store and holds the main
     * class) before the dispatcher queues the driver.
     */
    private CompletionStage<HttpResponse> submit(Uri uri, String body, Principal who) {
        SparkProtocol.SubmissionRequest request;
        try {
            JsonNode n = SUBMISSION.parse(body);
            String sha = n.path("jarSha256").asText("");
            Path jar = artifacts.find(sha).orElseThrow(() -> new IllegalArgumentException("no uploaded jar with SHA-256 '"
                    + sha + "'; upload the application jar with POST /api/v1/artifacts first"));
            // The driver tries the URL the client used first, then every master node holding the jar.
            String jarUrls = String.join(",", artifacts.fetchUrls(ArtifactRoutes.url(uri, sha), sha));
            // The driver's plug-in tries the same way: this node's API first, then every master node's,
            // so a driver (re)started while this node is gone still reaches Strata.
            String apiUrls = String.join(",", artifacts.apiUrls(uri.scheme() + "://" + uri.host().address() + ":"
                    + uri.port()));
            request = SparkJson.submission(n, jarUrls, apiUrls);
            requireClass(jar, request.mainClass(), n.path("jarName").asText("the jar"));
        } catch (IOException | IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        SparkProtocol.SubmissionRequest asked = request;
        return groups.resolve(who, asked.group()).thenCompose(group -> {
                    SparkProtocol.SubmissionRequest r = asked.withGroup(group.name());
                    return AskPattern.<Command, SparkProtocol.SubmitReply>ask(framework,
                                    reply -> new SparkProtocol.Submit(r, reply), ASK, system.scheduler())
                            .thenApply(reply -> reply.error() != null
                                    ? json(reply.unavailable() ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.BAD_REQUEST,
                                    error(reply.error()))
                                    : json(StatusCodes.CREATED, SparkJson.MAPPER.createObjectNode().put("id", reply.id())
                                    .put("state", "QUEUED").put("group", group.name())));
                })
                .exceptionally(t -> {
                    HttpResponse refused = GroupRoutes.refusal(t);
                    return refused != null ? refused : unavailable(t);
                });
    }

    /**
     * Runs {@code work} on the blocking dispatcher: finding a jar may read the control store with
     * majority and download it from another master node, which must not hold up the routes' threads.
     */
    private CompletionStage<HttpResponse> offRouteThread(java.util.function.Supplier<CompletionStage<HttpResponse>> work) {
        return java.util.concurrent.CompletableFuture.supplyAsync(work,
                        system.dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.blocking()))
                .thenCompose(stage -> stage)
                .exceptionally(this::unavailable);
    }

    /** {@code ?grace=}: the driver's time between SIGTERM and SIGKILL (0s when its work is discarded anyway). */
    private CompletionStage<HttpResponse> killSubmission(String id, java.util.Optional<String> graceText) {
        Long graceMillis;
        try {
            graceMillis = KillGrace.millis(graceText);
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
        return done(AskPattern.ask(framework, r -> new SparkProtocol.KillSubmission(id, graceMillis, r), ASK,
                system.scheduler()), id);
    }

    /** 404 for an unknown volume, 409 while a live submission uses it. */
    private CompletionStage<HttpResponse> destroyVolume(String name) {
        return AskPattern.<Command, SparkProtocol.VolumeReply>ask(framework, r -> new SparkProtocol.DestroyVolume(name, r),
                        ASK, system.scheduler())
                .thenApply(r -> r.error() == null
                        ? json(StatusCodes.ACCEPTED, SparkJson.MAPPER.createObjectNode().put("volume", name))
                        : json(r.found() ? StatusCodes.CONFLICT : StatusCodes.NOT_FOUND, error(r.error())))
                .exceptionally(this::unavailable);
    }

    static void requireClass(Path jar, String mainClass, String jarName) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.getEntry(mainClass.replace('.', '/') + ".class") == null) {
                throw new IllegalArgumentException("class " + mainClass + " is not in " + jarName
                        + "; check --class (a fully qualified name such as com.example.Main)");
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException(jarName + " is not a jar (zip) file: " + e.getMessage());
        }
    }

    private static HttpResponse submission(SparkProtocol.Overview o, String id, Principal who) {
        for (SparkProtocol.SubmissionView s : visibleSubmissions(o, who)) {
            if (s.id().equals(id)) {
                ObjectNode n = SparkJson.MAPPER.valueToTree(s);
                o.apps().stream().filter(a -> id.equals(a.submissionId())).reduce((a, b) -> b)
                        .ifPresent(a -> n.set("app", SparkJson.MAPPER.valueToTree(a)));
                return json(StatusCodes.OK, n);
            }
        }
        return notFound("submission", id);
    }

    /** {@code {"interval_s": 2, "points": [{"t", "running", "target"}]}}: the same points as the app's executors_history. */
    private static ObjectNode history(SparkProtocol.AppView a) {
        ObjectNode n = SparkJson.MAPPER.createObjectNode().put("interval_s", ExecutorHistory.INTERVAL_MILLIS / 1000);
        n.set("points", SparkJson.MAPPER.valueToTree(a.executorsHistory()));
        return n;
    }

    private CompletionStage<HttpResponse> overview(Function<SparkProtocol.Overview, HttpResponse> render) {
        return AskPattern.ask(framework, SparkProtocol.GetOverview::new, ASK, system.scheduler())
                .thenApply(render).exceptionally(this::unavailable);
    }

    private CompletionStage<HttpResponse> done(CompletionStage<SparkProtocol.Done> ask, String id) {
        return ask.thenApply(d -> d.found()
                        ? json(StatusCodes.ACCEPTED, SparkJson.MAPPER.createObjectNode().put("id", id))
                        : notFound("application or submission", id))
                .exceptionally(this::unavailable);
    }

    private static HttpResponse notFound(String what, String id) {
        return json(StatusCodes.NOT_FOUND, error("no Spark " + what + " with id '" + id + "'; see 'strata spark list'"));
    }

    private static CompletionStage<HttpResponse> badRequest(String message) {
        return CompletableFuture.completedFuture(json(StatusCodes.BAD_REQUEST, error(message)));
    }

    private HttpResponse unavailable(Throwable t) {
        return json(StatusCodes.SERVICE_UNAVAILABLE, error("the Strata Spark framework did not answer within "
                + ASK.toSeconds() + "s (" + t.getMessage() + "); it may be failing over, try again"));
    }

    private static JsonNode error(String message) {
        return SparkJson.MAPPER.createObjectNode().put("error", message);
    }

    private static HttpResponse json(StatusCode code, JsonNode body) {
        try {
            return HttpResponse.create().withStatus(code)
                    .withEntity(ContentTypes.APPLICATION_JSON, SparkJson.MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
