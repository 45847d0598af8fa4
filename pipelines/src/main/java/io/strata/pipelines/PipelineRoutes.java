package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.api.PathParams;
import io.strata.api.StrictJson;
import io.strata.api.GroupRoutes;
import io.strata.artifacts.ClusterArtifacts;
import io.strata.group.GroupAccess;
import io.strata.group.GroupStore;
import io.strata.security.Principal;
import io.strata.security.Principals;
import io.strata.pipelines.PipelinesProtocol.Command;
import io.strata.pipelines.PipelinesProtocol.Reply;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * {@code /api/v1/pipelines}: POST a validated spec (as the CLI sends it: {@code {"spec": {...},
 * "jars": {"job": "sha256"}, "dryRun": false}}), GET the list, GET one, POST {@code /stop}
 * ({@code {"keepData": true}}), POST {@code /verify}, GET {@code /history}
 * (the counters over the last hour), DELETE a stopped one.
 */
final class PipelineRoutes extends AllDirectives {

    private static final Duration ASK = Duration.ofSeconds(10);
    private static final Duration SLOW_ASK = Duration.ofSeconds(150);

    /** What the CLI sends; the spec's own parser checks the spec. */
    static final StrictJson.Schema START = StrictJson.object().anyObject("spec").strictTextMap("jars").bool("dryRun")
            .text("group");
    static final StrictJson.Schema STOP = StrictJson.object().bool("keepData");

    private final ActorSystem<?> system;
    private final ActorRef<Command> pipelines;
    private final ClusterArtifacts artifacts;

    private final GroupStore groups;

    PipelineRoutes(ActorSystem<?> system, ActorRef<Command> pipelines, ClusterArtifacts artifacts, GroupStore groups) {
        this.groups = groups;
        this.system = system;
        this.pipelines = pipelines;
        this.artifacts = artifacts;
    }

    Route routes() {
        return pathPrefix("pipelines", () -> Principals.principal(who -> concat(
                pathEnd(() -> concat(
                        get(() -> completeWithFuture(list(who))),
                        post(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(start(body, who)))))),
                pathPrefix(PathMatchers.segment(), name -> PathParams.checked("pipeline name", name, () -> visibleTo(who, name, () -> concat(
                        pathEnd(() -> concat(
                                get(() -> completeWithFuture(ask(ASK, r -> new PipelinesProtocol.Status(name, r)))),
                                delete(() -> completeWithFuture(ask(ASK, r -> new PipelinesProtocol.Forget(name, r)))))),
                        path("stop", () -> post(() -> entity(Unmarshaller.entityToString(), body ->
                                completeWithFuture(stop(name, body))))),
                        path("history", () -> get(() ->
                                completeWithFuture(ask(ASK, r -> new PipelinesProtocol.History(name, r))))),
                        path("verify", () -> post(() ->
                                completeWithFuture(ask(SLOW_ASK, r -> new PipelinesProtocol.Verify(name, r))))))))))));
    }

    /** The listing without the pipelines of groups {@code who} may not see. */
    private CompletionStage<HttpResponse> list(Principal who) {
        return AskPattern.<Command, Reply>ask(pipelines, PipelinesProtocol.ListAll::new, ASK, system.scheduler())
                .thenApply(r -> HttpResponse.create().withStatus(r.status()).withEntity(ContentTypes.APPLICATION_JSON,
                        r.status() == 200 && who.group() != null ? onlyGroup(r.body(), who) : r.body()))
                .exceptionally(t -> response(503, "the pipelines orchestrator did not answer within "
                        + ASK.toSeconds() + " s (" + t.getMessage() + "); it may be failing over, try again"));
    }

    static String onlyGroup(String listing, Principal who) {
        try {
            com.fasterxml.jackson.databind.node.ArrayNode out = LocalApi.MAPPER.createArrayNode();
            LocalApi.MAPPER.readTree(listing).forEach(p -> {
                if (GroupAccess.sees(who, p.path("group").asText("default"))) {
                    out.add(p);
                }
            });
            return out.toString();
        } catch (Exception e) {
            return "[]";
        }
    }

    /** {@code inner} unless pipeline {@code name} belongs to a group {@code who} may not see: then it does not exist (404). */
    private Route visibleTo(Principal who, String name, java.util.function.Supplier<Route> inner) {
        if (who.group() == null) {
            return inner.get();
        }
        CompletionStage<Boolean> visible = AskPattern.<Command, Reply>ask(pipelines,
                        r -> new PipelinesProtocol.Status(name, r), ASK, system.scheduler())
                .thenApply(r -> r.status() != 200 || GroupAccess.sees(who, groupOf(r.body())))
                .exceptionally(t -> true);
        return onSuccess(visible, ok -> ok ? inner.get() : complete(response(404, "no pipeline named '" + name
                + "'; see 'strata pipeline list'")));
    }

    private static String groupOf(String statusJson) {
        try {
            return LocalApi.MAPPER.readTree(statusJson).path("group").asText("default");
        } catch (Exception e) {
            return "default";
        }
    }

    /** No body keeps nothing; a body that is not {"keepData": true|false} is refused, not read as false. */
    private CompletionStage<HttpResponse> stop(String name, String body) {
        boolean keepData;
        try {
            keepData = !body.isBlank() && STOP.parse(body).path("keepData").asBoolean(false);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        return ask(ASK, r -> new PipelinesProtocol.Stop(name, keepData, r));
    }

    /**
     * Checking that the jars were uploaded may read the control store with majority and download a
     * jar from another master node: done on the blocking dispatcher, not the routes' threads.
     */
    private CompletionStage<HttpResponse> start(String body, Principal who) {
        return CompletableFuture.supplyAsync(() -> startChecked(body, who),
                        system.dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.blocking()))
                .thenCompose(stage -> stage)
                .exceptionally(t -> response(503, "cannot check the pipeline's jars now ("
                        + (t.getCause() != null ? t.getCause().getMessage() : t.getMessage()) + "); try again"));
    }

    private CompletionStage<HttpResponse> startChecked(String body, Principal who) {
        JsonNode n;
        try {
            n = START.parse(body);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        JsonNode spec = n.path("spec");
        if (!spec.isObject() || !spec.path("name").isTextual()) {
            return error(400, "'spec' must be a pipeline spec object; use 'strata pipeline start FILE'");
        }
        Map<String, String> jars = new LinkedHashMap<>();
        n.path("jars").fields().forEachRemaining(e -> jars.put(e.getKey(), e.getValue().asText()));
        for (var job : (Iterable<Map.Entry<String, JsonNode>>) () -> spec.path("jobs").fields()) {
            String sha = jars.get(job.getKey());
            if (sha == null || artifacts.find(sha).isEmpty()) {
                return error(400, "jobs." + job.getKey() + ".jar: the jar was not uploaded to this cluster "
                        + "(POST /api/v1/artifacts, then give its sha256 in 'jars')");
            }
        }
        boolean dryRun = n.path("dryRun").asBoolean(false);
        JsonNode asked = spec.path("group");
        if (!asked.isMissingNode() && !asked.isNull() && !asked.isTextual()) {
            return error(400, "'spec.group' must be a group's name, e.g. \"iot\"");
        }
        // Everything the pipeline creates belongs to its group: the file's, else the token's, else default.
        return groups.resolve(who, asked.isTextual() ? asked.asText() : null).thenCompose(group -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode) spec).put("group", group.name());
            return ask(SLOW_ASK, r -> new PipelinesProtocol.Start(spec.toString(), jars, dryRun, r));
        }).exceptionally(t -> {
            HttpResponse refused = GroupRoutes.refusal(t);
            return refused != null ? refused : response(503, "cannot read the groups now (" + t.getMessage() + "); try again");
        });
    }

    private CompletionStage<HttpResponse> ask(Duration timeout, Function<ActorRef<Reply>, Command> message) {
        return AskPattern.<Command, Reply>ask(pipelines, message::apply, timeout, system.scheduler())
                .thenApply(r -> HttpResponse.create().withStatus(r.status())
                        .withEntity(ContentTypes.APPLICATION_JSON, r.body()))
                .exceptionally(t -> response(503, "the pipelines orchestrator did not answer within "
                        + timeout.toSeconds() + " s (" + t.getMessage() + "); it may be failing over, try again"));
    }

    private static CompletionStage<HttpResponse> error(int status, String message) {
        return CompletableFuture.completedFuture(response(status, message));
    }

    private static HttpResponse response(int status, String message) {
        return HttpResponse.create().withStatus(StatusCodes.get(status)).withEntity(ContentTypes.APPLICATION_JSON,
                LocalApi.MAPPER.createObjectNode().put("error", message).toString());
    }
}
