package io.strata.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.ApiResponses;
import io.strata.api.GroupRoutes;
import io.strata.api.KillGrace;
import io.strata.api.PathParams;
import io.strata.api.StrictJson;
import io.strata.apps.AppsProtocol.Answer;
import io.strata.artifacts.ClusterArtifacts;
import io.strata.group.GroupStore;
import io.strata.security.Principal;
import io.strata.security.Principals;
import io.strata.spec.Numbers;
import io.strata.spec.Problem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.strata.api.ApiResponses.done;
import static io.strata.api.ApiResponses.error;
import static io.strata.api.ApiResponses.json;

/**
 * /api/v1/apps (see APPS_API.md): create and update take the app file's text (YAML or JSON) and answer
 * 400 with every problem at its line, column and field before anything starts (or with the artifact the
 * artifact store does not hold); a token scoped to a group sees only that group's apps (another group's app is
 * 404 to it).
 */
final class AppRoutes extends AllDirectives {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final StrictJson.Schema SCALE = StrictJson.object().wholeNumber("instances", 0, 1000);
    private static final StrictJson.Schema ROLLBACK = StrictJson.object().wholeNumber("to", 1, Integer.MAX_VALUE);

    private final ActorSystem<?> system;
    private final ActorRef<AppsProtocol.Command> apps;
    private final GroupStore groups;
    private final ClusterArtifacts artifacts;

    AppRoutes(ActorSystem<?> system, ActorRef<AppsProtocol.Command> apps, GroupStore groups, ClusterArtifacts artifacts) {
        this.system = system;
        this.apps = apps;
        this.groups = groups;
        this.artifacts = artifacts;
    }

    Route routes() {
        return pathPrefix("apps", () -> Principals.principal(who -> concat(
                pathEnd(() -> concat(
                        get(() -> completeWithFuture(ask(r -> new AppsProtocol.ListApps(who, r)))),
                        post(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(create(body, who)))))),
                pathPrefix(PathMatchers.segment(), name -> PathParams.checked("app name", name, () -> concat(
                        pathEnd(() -> concat(
                                get(() -> completeWithFuture(ask(r -> new AppsProtocol.Get(name, who, r)))),
                                put(() -> entity(Unmarshaller.entityToString(), body ->
                                        completeWithFuture(update(name, body, who)))),
                                delete(() -> parameterOptional("grace", grace -> completeWithFuture(
                                        delete(name, grace.orElse(null), who)))))),
                        path("versions", () -> get(() -> completeWithFuture(
                                ask(r -> new AppsProtocol.Versions(name, who, r))))),
                        path("scale", () -> post(() -> entity(Unmarshaller.entityToString(), body ->
                                completeWithFuture(scale(name, body, who))))),
                        path("restart", () -> post(() -> completeWithFuture(
                                ask(r -> new AppsProtocol.Restart(name, who, r))))),
                        path("rollback", () -> post(() -> entity(Unmarshaller.entityToString(), body ->
                                completeWithFuture(rollback(name, body, who))))),
                        control(name, who, "pause", AppsProtocol.Control.PAUSE),
                        control(name, who, "resume", AppsProtocol.Control.RESUME),
                        control(name, who, "abort", AppsProtocol.Control.ABORT)))))));
    }

    private Route control(String name, Principal who, String segment, AppsProtocol.Control c) {
        return path(segment, () -> post(() -> completeWithFuture(
                ask(r -> new AppsProtocol.ControlDeployment(name, c, who, r)))));
    }

    private CompletionStage<HttpResponse> create(String body, Principal who) {
        AppDefinition def;
        try {
            def = AppFile.parse("app file", body);
        } catch (AppFileException e) {
            return done(problems(e));
        }
        String requested = fileNamesGroup(body) ? def.group() : null;
        return withArtifacts(def, () -> groups.resolve(who, requested)
                .thenCompose(g -> ask(r -> new AppsProtocol.Create(def.withGroup(g.name()), body, g.name(), r)))
                .exceptionally(t -> {
                    HttpResponse refused = GroupRoutes.refusal(t);
                    return refused != null ? refused : ApiResponses.unavailable("the apps framework", t);
                }));
    }

    private CompletionStage<HttpResponse> update(String name, String body, Principal who) {
        AppDefinition def;
        try {
            def = AppFile.parse("app file", body);
        } catch (AppFileException e) {
            return done(problems(e));
        }
        if (!def.name().equals(name)) {
            return done(error(StatusCodes.BAD_REQUEST, "the file's name is '" + def.name() + "' but the update is for app '"
                    + name + "'; an app's name cannot change"));
        }
        boolean namesGroup = fileNamesGroup(body);
        return withArtifacts(def, () -> ask(r -> new AppsProtocol.Update(name, def, namesGroup, body, who, r)));
    }

    /**
     * 400 naming the first artifact the store does not hold, before anything starts; else {@code then}. Runs off the
     * routes' threads: finding an artifact reads the index with majority and may copy it to this node.
     */
    private CompletionStage<HttpResponse> withArtifacts(AppDefinition def, Supplier<CompletionStage<HttpResponse>> then) {
        if (def.artifacts().isEmpty()) {
            return then.get();
        }
        return CompletableFuture.supplyAsync(() -> {
                    for (int i = 0; i < def.artifacts().size(); i++) {
                        AppDefinition.Artifact a = def.artifacts().get(i);
                        if (artifacts.fetch(a.sha256()).isEmpty()) {
                            return "artifacts[" + i + "]: the artifact store holds no file with sha256 " + a.sha256()
                                    + " (for " + a.name() + "); upload it with POST /api/v1/artifacts and use the"
                                    + " sha256 it answers";
                        }
                    }
                    return null;
                }, system.dispatchers().lookup(DispatcherSelector.blocking()))
                .thenCompose(missing -> missing == null ? then.get() : done(error(StatusCodes.BAD_REQUEST, missing)))
                .exceptionally(t -> ApiResponses.unavailable("the artifact store", t));
    }

    private CompletionStage<HttpResponse> scale(String name, String body, Principal who) {
        JsonNode n;
        try {
            n = SCALE.parse(body);
        } catch (IllegalArgumentException e) {
            return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
        }
        if (!n.has("instances")) {
            return done(error(StatusCodes.BAD_REQUEST, "'instances' is required: the number of instances wanted,"
                    + " e.g. {\"instances\": 3}"));
        }
        return ask(r -> new AppsProtocol.Scale(name, n.get("instances").asInt(), who, r));
    }

    private CompletionStage<HttpResponse> rollback(String name, String body, Principal who) {
        Integer to = null;
        if (!body.isBlank()) {
            try {
                JsonNode n = ROLLBACK.parse(body);
                to = n.has("to") && !n.get("to").isNull() ? n.get("to").asInt() : null;
            } catch (IllegalArgumentException e) {
                return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
            }
        }
        Integer version = to;
        return ask(r -> new AppsProtocol.Rollback(name, version, who, r));
    }

    private CompletionStage<HttpResponse> delete(String name, String grace, Principal who) {
        long g;
        try {
            Long millis = KillGrace.millis(Optional.ofNullable(grace));
            g = millis == null ? -1 : millis;
        } catch (IllegalArgumentException e) {
            return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
        }
        return ask(r -> new AppsProtocol.Delete(name, g, who, r));
    }

    private CompletionStage<HttpResponse> ask(Function<ActorRef<Answer>, AppsProtocol.Command> request) {
        return AskPattern.<AppsProtocol.Command, Answer>ask(apps, request::apply, TIMEOUT, system.scheduler())
                .thenApply(a -> json(StatusCodes.get(a.status()), a.body()))
                .exceptionally(t -> ApiResponses.unavailable("the apps framework", t));
    }

    /** 400 with the first problem as the error and every problem with its line, column and field. */
    static HttpResponse problems(AppFileException e) {
        ObjectNode n = ApiResponses.MAPPER.createObjectNode();
        n.put("error", e.problems().isEmpty() ? "the app file cannot be used" : e.problems().get(0).toString()
                + (e.problems().size() > 1 ? " (and " + (e.problems().size() - 1) + " more problems)" : ""));
        ArrayNode list = n.putArray("problems");
        for (Problem p : e.problems()) {
            list.addObject().put("line", p.line()).put("column", p.column()).put("field", p.field())
                    .put("message", p.message());
        }
        return json(StatusCodes.BAD_REQUEST, n);
    }

    /** Whether the file says its group (AppFile gives "default" when it does not). */
    private static boolean fileNamesGroup(String text) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(text) instanceof Map<?, ?> m
                    && m.get("group") != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
