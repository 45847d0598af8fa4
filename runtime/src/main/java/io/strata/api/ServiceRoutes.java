package io.strata.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.group.GroupAccess;
import io.strata.group.GroupStore;
import io.strata.protocol.ClusterState;
import io.strata.security.Principal;
import io.strata.security.Principals;
import io.strata.service.ServiceGroup;
import io.strata.protocol.MasterCommand;
import io.strata.service.AutoReplace;
import io.strata.service.ServiceFit;
import io.strata.service.ServiceProtocol;
import io.strata.service.ServiceProtocol.Reply;
import io.strata.service.ServiceProtocol.ServiceStatus;
import io.strata.service.ServiceType;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import static io.strata.api.ApiResponses.done;
import static io.strata.api.ApiResponses.error;
import static io.strata.api.ApiResponses.json;

/**
 * The HTTP routes every service type shares, under /api/v1/&lt;type&gt;: create, list, status,
 * restart (rolling), scale, replace and delete. A framework adds its own routes per service
 * (such as topics or queries) and says how its requests and statuses look through an {@link Adapter}.
 */
public final class ServiceRoutes extends AllDirectives {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What differs between service types at the API. */
    public interface Adapter {
        /** The fields of a create request: {@link ServiceRoutes#createRequest()} plus the type's settings. */
        StrictJson.Schema createSchema();

        /** The fields of a scale request. */
        StrictJson.Schema scaleSchema();

        /** The config of a new service from the create request (without "name"); IllegalArgumentException if bad. */
        Map<String, String> createConfig(JsonNode body);

        /** The config after a scale request; IllegalArgumentException if bad. */
        Map<String, String> scaleConfig(Map<String, String> current, JsonNode body);

        /** The status as the API shows it. */
        ObjectNode statusJson(ServiceStatus status);

        /** The pod id for the id a user names (a broker id, a node id); NoSuchElementException if none. */
        String podId(ServiceStatus status, String userId);
    }

    /** More pods of one service than a cluster holds: a larger count is a mistake. */
    public static final long MAX_PODS = 1000;

    /** The fields every service type's create request has; a type adds its settings to these. */
    public static StrictJson.Schema createRequest() {
        return StrictJson.object().text("name").bool("dryRun").textOrNumber(AutoReplace.KEY).text("group");
    }

    private final ActorSystem<?> system;
    private final ActorRef<MasterCommand> master;
    private final ActorRef<ServiceProtocol.Command> manager;
    private final ServiceType type;
    private final Adapter adapter;
    private final GroupStore groups;

    public ServiceRoutes(ActorSystem<?> system, ActorRef<MasterCommand> master, ActorRef<ServiceProtocol.Command> manager,
                         ServiceType type, Adapter adapter, GroupStore groups) {
        this.groups = groups;
        this.system = system;
        this.master = master;
        this.manager = manager;
        this.type = type;
        this.adapter = adapter;
    }

    /** The routes; {@code extra} adds routes under /&lt;type&gt;/&lt;name&gt;/ for one service. */
    public Route routes(Function<String, Route> extra) {
        return pathPrefix(type.name(), () -> Principals.principal(who -> concat(
                pathEnd(() -> concat(
                        get(() -> completeWithFuture(list(who))),
                        post(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(create(body, who)))))),
                pathPrefix(PathMatchers.segment(), name -> PathParams.checked(type.name() + " service name", name, () -> visibleTo(who, name, () -> concat(
                        pathEnd(() -> concat(
                                get(() -> completeWithFuture(withStatus(name, s -> done(json(StatusCodes.OK,
                                        statusJson(s)))))),
                                delete(() -> parameterOptional("grace", grace -> completeWithFuture(delete(name, grace)))))),
                        path("restart", () -> post(() -> completeWithFuture(
                                reply(r -> new ServiceProtocol.Restart(name, r))))),
                        path("scale", () -> post(() -> entity(Unmarshaller.entityToString(), body ->
                                completeWithFuture(scale(name, body))))),
                        path(PathMatchers.segment("replace").slash(PathMatchers.segment()), id ->
                                PathParams.checked("pod id", id, () -> post(() -> completeWithFuture(replace(name, id))))),
                        extra.apply(name))))))));
    }

    /**
     * {@code inner} when {@code who} may see service {@code name}; to a token scoped to another group
     * the service does not exist (404), whatever it asks of it.
     */
    private Route visibleTo(Principal who, String name, java.util.function.Supplier<Route> inner) {
        if (who.group() == null) {
            return inner.get();
        }
        CompletionStage<Boolean> visible = AskPattern.<ServiceProtocol.Command, ServiceProtocol.StatusReply>ask(manager,
                        r -> new ServiceProtocol.Status(name, r), TIMEOUT, system.scheduler())
                .thenApply(r -> r.status() == null || GroupAccess.sees(who, groupOf(r.status())))
                .exceptionally(t -> true);
        return onSuccess(visible, ok -> ok ? inner.get() : complete(error(StatusCodes.NOT_FOUND,
                ServiceProtocol.Reply.unknown(type.name(), name).error())));
    }

    /** The group a service belongs to (kept in its config; services created before groups are in default). */
    public static String groupOf(ServiceStatus s) {
        return ServiceGroup.of(s.config());
    }

    /** The status as the API shows it, with the service's group. */
    private ObjectNode statusJson(ServiceStatus s) {
        return withPodHistory(adapter.statusJson(s), s).put("group", groupOf(s));
    }

    /**
     * Every service type's pods (the objects with a "pod" id in the adapter's arrays: brokers, nodes,
     * …) get their {@code restartHistory} ({@code [{"at","reason","task"}]}, oldest first) and, while
     * they wait for an agent, their {@code demand} (the body of {@code POST /api/v1/analysis}; null
     * otherwise).
     */
    public static ObjectNode withPodHistory(ObjectNode n, ServiceStatus s) {
        Map<String, ServiceProtocol.PodStatus> byId = new java.util.HashMap<>();
        s.pods().forEach(p -> byId.put(p.id(), p));
        n.fields().forEachRemaining(field -> field.getValue().forEach(element -> {
            ServiceProtocol.PodStatus p = element.isObject() ? byId.get(element.path("pod").asText("")) : null;
            if (p != null) {
                ((ObjectNode) element).set("restartHistory", ApiResponses.MAPPER.valueToTree(p.restartHistory()));
                ((ObjectNode) element).set("demand", ApiResponses.MAPPER.valueToTree(p.demand()));
            }
        }));
        return n;
    }

    private CompletionStage<HttpResponse> create(String body, Principal who) {
        String name;
        Map<String, String> config;
        boolean dryRun;
        String requestedGroup;
        try {
            JsonNode n = adapter.createSchema().parse(body);
            name = n.path("name").asText("");
            dryRun = n.path("dryRun").asBoolean(false);
            if (name.isEmpty()) {
                return done(error(StatusCodes.BAD_REQUEST, "'name' is required"));
            }
            requestedGroup = ServiceGroup.requested(n);
            if (n.isObject() && n.has(ServiceGroup.KEY)) {
                // The SDK's field, not the type's: the type's config sees the request without it.
                n = ((ObjectNode) n).deepCopy();
                ((ObjectNode) n).remove(ServiceGroup.KEY);
            }
            config = AutoReplace.withSetting(adapter.createConfig(n), n);
        } catch (IllegalArgumentException e) {
            return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
        } catch (Exception e) {
            return done(error(StatusCodes.BAD_REQUEST, "the request body is not valid JSON"));
        }
        return groups.resolve(who, requestedGroup)
                .thenCompose(group -> create(name, ServiceGroup.withGroup(config, group.name()), dryRun))
                .exceptionally(t -> {
                    HttpResponse refused = GroupRoutes.refusal(t);
                    return refused != null ? refused : ApiResponses.unavailable("the control store", t);
                });
    }

    private CompletionStage<HttpResponse> create(String name, Map<String, String> config, boolean dryRun) {
        if (dryRun) {
            // Checks only: the config is valid and the pods can fit the cluster; says what it would create.
            return fitting(name, config, () -> done(json(StatusCodes.OK, dryRunJson(name, config))));
        }
        return fitting(name, config, () -> AskPattern.<ServiceProtocol.Command, Reply>ask(manager,
                        r -> new ServiceProtocol.Create(name, config, r), TIMEOUT, system.scheduler())
                .thenApply(r -> r.error() == null
                        ? json(StatusCodes.CREATED, ApiResponses.MAPPER.createObjectNode().put("name", name)
                        .put("state", "DEPLOYING"))
                        : error(r.error().contains("already exists") ? StatusCodes.CONFLICT : StatusCodes.BAD_REQUEST,
                        r.error())));
    }

    private ObjectNode dryRunJson(String name, Map<String, String> config) {
        ObjectNode n = ApiResponses.MAPPER.createObjectNode().put("name", name).put("dryRun", true);
        ObjectNode cfg = n.putObject("config");
        config.forEach(cfg::put);
        ArrayNode pods = n.putArray("pods");
        for (var pod : type.definition(name, config).pods()) {
            pods.addObject().put("type", pod.type()).put("count", pod.count())
                    .put("cpus", pod.resources().cpus()).put("memMb", pod.resources().memMb())
                    .put("diskMb", pod.resources().diskMb() + pod.volumeMb()).put("maxPerAgent", pod.maxPerAgent());
        }
        return n;
    }

    /** Runs {@code then} only if the service's pods can ever fit the cluster; else says what is missing. */
    private CompletionStage<HttpResponse> fitting(String name, Map<String, String> config,
                                                  java.util.function.Supplier<CompletionStage<HttpResponse>> then) {
        var pods = type.definition(name, config).pods();
        return AskPattern.ask(master, MasterCommand.GetState::new, TIMEOUT, system.scheduler())
                .thenCompose(state -> {
                    var problem = ServiceFit.neverFits(type.name() + " " + name, pods, (ClusterState) state);
                    return problem.isPresent() ? done(error(StatusCodes.BAD_REQUEST, problem.get())) : then.get();
                })
                .exceptionally(t -> ApiResponses.unavailable("the " + type.name() + " framework", t));
    }

    private CompletionStage<HttpResponse> list(Principal who) {
        return AskPattern.ask(manager, ServiceProtocol.ListServices::new, TIMEOUT, system.scheduler())
                .thenApply(l -> {
                    ArrayNode arr = ApiResponses.MAPPER.createArrayNode();
                    l.services().stream().filter(s -> GroupAccess.sees(who, groupOf(s)))
                            .forEach(s -> arr.add(statusJson(s)));
                    return json(StatusCodes.OK, arr);
                })
                .exceptionally(t -> ApiResponses.unavailable("the " + type.name() + " framework", t));
    }

    /** Answers with the service's status handed to {@code then}, or 404 for an unknown service. */
    public CompletionStage<HttpResponse> withStatus(String name, Function<ServiceStatus, CompletionStage<HttpResponse>> then) {
        return AskPattern.<ServiceProtocol.Command, ServiceProtocol.StatusReply>ask(manager,
                        r -> new ServiceProtocol.Status(name, r), TIMEOUT, system.scheduler())
                .thenCompose(r -> r.status() == null ? done(error(StatusCodes.NOT_FOUND, r.error())) : then.apply(r.status()))
                .exceptionally(t -> ApiResponses.unavailable("the " + type.name() + " framework", t));
    }

    /** {@code ?grace=} (each pod's time between SIGTERM and SIGKILL) for data that is deleted anyway. */
    private CompletionStage<HttpResponse> delete(String name, Optional<String> graceText) {
        Long graceMillis;
        try {
            graceMillis = KillGrace.millis(graceText);
        } catch (IllegalArgumentException e) {
            return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
        }
        return reply(r -> new ServiceProtocol.Delete(name, graceMillis, r));
    }

    private CompletionStage<HttpResponse> reply(Function<ActorRef<Reply>, ServiceProtocol.Command> msg) {
        return AskPattern.<ServiceProtocol.Command, Reply>ask(manager, msg::apply, TIMEOUT, system.scheduler())
                .thenApply(r -> r.error() == null
                        ? json(StatusCodes.ACCEPTED, ApiResponses.MAPPER.createObjectNode().put("accepted", true))
                        : error(r.notFound() ? StatusCodes.NOT_FOUND : StatusCodes.BAD_REQUEST, r.error()))
                .exceptionally(t -> ApiResponses.unavailable("the " + type.name() + " framework", t));
    }

    private CompletionStage<HttpResponse> scale(String name, String body) {
        return withStatus(name, s -> {
            Map<String, String> next;
            try {
                next = adapter.scaleConfig(s.config(), adapter.scaleSchema().parse(body));
            } catch (IllegalArgumentException e) {
                return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
            } catch (Exception e) {
                return done(error(StatusCodes.BAD_REQUEST, "the request body is not valid JSON"));
            }
            return fitting(name, next, () -> reply(r -> new ServiceProtocol.Scale(name, next, r)));
        });
    }

    private CompletionStage<HttpResponse> replace(String name, String userId) {
        return withStatus(name, s -> {
            String pod;
            try {
                pod = adapter.podId(s, userId);
            } catch (NoSuchElementException e) {
                return done(error(StatusCodes.NOT_FOUND, e.getMessage()));
            } catch (IllegalArgumentException e) {
                return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
            }
            return reply(r -> new ServiceProtocol.Replace(name, pod, r));
        });
    }
}
