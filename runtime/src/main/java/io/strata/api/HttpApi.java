package io.strata.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.adhoc.AdhocProtocol;
import io.strata.adhoc.AdhocTasks;
import io.strata.group.GroupAccess;
import io.strata.group.GroupStore;
import io.strata.protocol.AgentCommand;
import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import io.strata.security.ApiGuard;
import io.strata.security.Principal;
import io.strata.security.Principals;
import io.strata.security.TokenBook;
import io.strata.spec.Numbers;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** The operator HTTP API (JSON) and Prometheus metrics, served on every master-role node. */
public final class HttpApi extends AllDirectives {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PENDING_TIMEOUT = Duration.ofSeconds(2);
    private static final int LOG_CHUNK = 256 * 1024;

    private final ActorSystem<?> system;
    private final ActorRef<MasterCommand> master;
    private final ActorRef<AdhocProtocol.Command> tasks;
    private final List<Route> extensionRoutes;
    private final GroupStore groups;
    private ServerBinding binding;
    private String scheme = "http";
    private io.strata.dashboard.DashboardFeed dashboard;

    private HttpApi(ActorSystem<?> system, ActorRef<MasterCommand> master, ActorRef<AdhocProtocol.Command> tasks,
                    List<Route> extensionRoutes, GroupStore groups) {
        this.groups = groups;
        this.system = system;
        this.master = master;
        this.tasks = tasks;
        this.extensionRoutes = List.copyOf(extensionRoutes);
    }

    /** Serves the API; {@code extensionRoutes} are mounted under /api/v1 beside the core routes. */
    public static HttpApi start(ActorSystem<?> system, ActorRef<MasterCommand> master,
                                ActorRef<AdhocProtocol.Command> tasks, String host, int port, List<Route> extensionRoutes,
                                GroupStore groups) {
        return start(system, master, tasks, host, port, extensionRoutes, groups, null);
    }

    /** As above, over HTTPS with {@code https} as the server's TLS context (null: plain HTTP). */
    public static HttpApi start(ActorSystem<?> system, ActorRef<MasterCommand> master,
                                ActorRef<AdhocProtocol.Command> tasks, String host, int port, List<Route> extensionRoutes,
                                GroupStore groups, javax.net.ssl.SSLContext https) {
        HttpApi api = new HttpApi(system, master, tasks, extensionRoutes, groups);
        api.scheme = https == null ? "http" : "https";
        api.dashboard = io.strata.dashboard.DashboardFeed.start(system, master, tasks,
                io.strata.dashboard.DashboardSettings.of(system.settings().config()));
        try {
            var server = Http.get(system).newServerAt(host, port);
            if (https != null) {
                server = server.enableHttps(org.apache.pekko.http.javadsl.ConnectionContext.httpsServer(https));
            }
            api.binding = server.bind(api.routes())
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            api.dashboard.close();
            throw new IllegalStateException("cannot serve the HTTP API on " + host + ":" + port + ": "
                    + rootMessage(e), e);
        }
        return api;
    }

    public String url() {
        var addr = binding.localAddress();
        return scheme + "://" + addr.getHostString() + ":" + addr.getPort();
    }

    /** The dashboard's sampler on this node (its live streams, events and history). */
    public io.strata.dashboard.DashboardFeed dashboard() {
        return dashboard;
    }

    public void stop() {
        dashboard.close();
        try {
            binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the system is going down anyway
        }
    }

    Route routes() {
        // Every answer to a client's mistake is a JSON 4xx, and no JSON body is read past the limit
        // (artifact uploads lift it for themselves); see ApiErrors.
        return handleExceptions(ApiErrors.exceptions(), () -> handleRejections(ApiErrors.rejections(), () ->
                withSizeLimit(maxRequestBytes(system), this::allRoutes)));
    }

    /** strata.api.max-request-size: the largest request body a route reads, except artifact uploads. */
    static long maxRequestBytes(ActorSystem<?> system) {
        return system.settings().config().getBytes("strata.api.max-request-size");
    }

    private Route allRoutes() {
        // Every request is authenticated and its permission checked before any route sees it.
        TokenBook tokens = TokenBook.of(system);
        return new ApiGuard(tokens, system.settings().config().getBoolean("strata.api.metrics-open")).guard(() -> concat(
                pathPrefix("api", () -> pathPrefix("v1", () -> concat(
                        new TokenRoutes(tokens).routes(),
                        dashboardRoutes(tokens),
                        path("state", () -> get(() -> Principals.principal(who -> completeWithFuture(
                                withState((s, p) -> json(StatusCodes.OK, ApiJson.state(s, p, who))))))),
                        path("agents", () -> get(() -> completeWithFuture(withState((s, p) -> json(StatusCodes.OK,
                                ApiJson.agents(s)))))),
                        path("frameworks", () -> get(() -> Principals.principal(who -> completeWithFuture(
                                withState((s, p) -> json(StatusCodes.OK, ApiJson.visible(who, ApiJson.frameworks(s)))))))),
                        path("tasks", () -> Principals.principal(who -> concat(
                                get(() -> completeWithFuture(withState((s, p) -> json(StatusCodes.OK,
                                        ApiJson.visible(who, ApiJson.tasks(s, p)))))),
                                post(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(submit(body, who))))))),
                        path(PathMatchers.segment("tasks").slash(PathMatchers.segment()), id -> PathParams.checked("task id", id, () ->
                                Principals.principal(who -> concat(
                                get(() -> completeWithFuture(withState((s, p) -> task(ApiJson.visible(who, ApiJson.tasks(s, p)), id)))),
                                delete(() -> parameterOptional("grace", grace -> completeWithFuture(kill(id, grace, who)))))))),
                        path(PathMatchers.segment("tasks").slash(PathMatchers.segment()).slash("logs"), id -> PathParams.checked("task id", id, () ->
                                get(() -> Principals.principal(who -> parameterOptional("stream", stream -> parameterOptional("offset", offset ->
                                        completeWithFuture(logs(id, stream.orElse("stdout"), offset.orElse("0"), who)))))))),
                        extensionRoutes()))),
                path("metrics", () -> get(() -> completeWithFuture(withState((s, p) -> HttpResponse.create()
                        .withEntity(ContentTypes.TEXT_PLAIN_UTF8, Metrics.render(s, p.tasks().size())))))),
                path("health", () -> get(() -> complete("ok"))),
                new io.strata.dashboard.UiRoutes().routes()));
    }

    /** The web dashboard's API: sign-in links, history, events, live streams, why work waits. */
    private Route dashboardRoutes(TokenBook tokens) {
        return new io.strata.dashboard.DashboardRoutes(system, master, dashboard, tokens, ApiJson::state,
                io.strata.dashboard.DashboardSettings.of(system.settings().config()),
                io.strata.store.DDataControlStore.get(system)).routes();
    }

    private Route extensionRoutes() {
        if (extensionRoutes.isEmpty()) {
            return reject();
        }
        return concat(extensionRoutes.get(0), extensionRoutes.subList(1, extensionRoutes.size()).toArray(Route[]::new));
    }

    private interface StateView {
        HttpResponse render(ClusterState state, AdhocProtocol.PendingList pending);
    }

    private CompletionStage<HttpResponse> withState(StateView view) {
        CompletionStage<ClusterState> state = AskPattern.ask(master, MasterCommand.GetState::new, ASK_TIMEOUT,
                system.scheduler());
        // The queue of PENDING tasks is the task framework's; while it cannot answer (it is restoring its
        // queue from the control store, which needs a majority of master nodes) the cluster's state is
        // still shown, without those tasks.
        CompletionStage<AdhocProtocol.PendingList> pending = AskPattern.<AdhocProtocol.Command, AdhocProtocol.PendingList>ask(
                        tasks, AdhocProtocol.ListPending::new, PENDING_TIMEOUT, system.scheduler())
                .exceptionally(t -> new AdhocProtocol.PendingList(AdhocTasks.FRAMEWORK_NAME, List.of()));
        return state.thenCombine(pending, view::render).exceptionally(this::unavailable);
    }

    private CompletionStage<HttpResponse> submit(String body, Principal who) {
        AdhocProtocol.TaskRequest parsed;
        try {
            parsed = parseTaskRequest(TASK_REQUEST.parse(body));
        } catch (IllegalArgumentException e) {
            return done(json(StatusCodes.BAD_REQUEST, ApiJson.error(e.getMessage())));
        } catch (Exception e) {
            return done(json(StatusCodes.BAD_REQUEST, ApiJson.error("the request body is not valid JSON: "
                    + rootMessage(e))));
        }
        // The task's group: the one asked for, else the token's, else default; a scoped token names only its own.
        // A Unix user other than the agent's task user must be one the group allows.
        return groups.resolve(who, parsed.group()).thenCompose(group -> {
                    io.strata.group.GroupAccess.checkUser(group, parsed.user());
                    return AskPattern.<AdhocProtocol.Command, AdhocProtocol.SubmitReply>ask(tasks,
                                    reply -> new AdhocProtocol.Submit(parsed.withGroup(group.name()), reply), ASK_TIMEOUT,
                                    system.scheduler())
                            .thenApply(r -> r.error() != null
                                    ? json(StatusCodes.BAD_REQUEST, ApiJson.error(r.error()))
                                    : json(StatusCodes.CREATED, ApiJson.MAPPER.createObjectNode().put("id", r.taskId())
                                    .put("state", TaskState.PENDING.name()).put("group", group.name())));
                })
                .exceptionally(t -> {
                    HttpResponse refused = GroupRoutes.refusal(t);
                    return refused != null ? refused : unavailable(t);
                });
    }

    /** One task of the listing, or 404. */
    private static HttpResponse task(com.fasterxml.jackson.databind.node.ArrayNode tasks, String id) {
        for (JsonNode t : tasks) {
            if (t.path("id").asText().equals(id)) {
                return json(StatusCodes.OK, t);
            }
        }
        return json(StatusCodes.NOT_FOUND, ApiJson.error("no task with id '" + id + "'; see 'strata task list'"));
    }

    /** The fields of POST /api/v1/tasks. */
    static final StrictJson.Schema TASK_REQUEST = StrictJson.object()
            .text("name").positiveNumber("cpus").wholeNumber("memMb", 1, StrictJson.MAX_MB).wholeNumber("diskMb", 0, StrictJson.MAX_MB)
            .textMap("env").texts("command").text("group").text("user");

    static AdhocProtocol.TaskRequest parseTaskRequest(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("the request body must be a JSON object");
        }
        JsonNode cmd = n.path("command");
        if (!cmd.isArray() || cmd.isEmpty()) {
            throw new IllegalArgumentException("'command' must be a non-empty array of strings, e.g. [\"sleep\",\"10\"]");
        }
        List<String> command = new ArrayList<>();
        cmd.forEach(c -> command.add(c.asText()));
        Map<String, String> env = new LinkedHashMap<>();
        n.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        if (!n.path("cpus").isNumber()) {
            throw new IllegalArgumentException("'cpus' must be a number greater than 0, e.g. 0.25");
        }
        if (!n.path("memMb").canConvertToLong()) {
            throw new IllegalArgumentException("'memMb' must be a whole number of MB greater than 0, e.g. 64");
        }
        JsonNode group = n.path("group");
        if (!group.isMissingNode() && !group.isNull() && !group.isTextual()) {
            throw new IllegalArgumentException("'group' must be a group's name, e.g. \"iot\"");
        }
        String user = n.path("user").isTextual() ? n.path("user").asText() : null;
        String userProblem = io.strata.resources.TaskSpec.userProblem(user);
        if (userProblem != null) {
            throw new IllegalArgumentException("'user': " + userProblem);
        }
        return new AdhocProtocol.TaskRequest(n.path("name").asText(""), n.path("cpus").asDouble(),
                n.path("memMb").asLong(), n.path("diskMb").asLong(0), env, command,
                group.isTextual() ? group.asText() : null, user);
    }

    private CompletionStage<HttpResponse> kill(String id, Optional<String> graceText, Principal who) {
        Long graceMillis;
        try {
            graceMillis = KillGrace.millis(graceText);
        } catch (IllegalArgumentException e) {
            return done(json(StatusCodes.BAD_REQUEST, ApiJson.error(e.getMessage())));
        }
        return AskPattern.ask(master, MasterCommand.GetState::new, ASK_TIMEOUT, system.scheduler())
                .thenCombine(pendingOf(), (state, pending) -> Map.entry(state, pending))
                .thenCompose(sp -> {
                    ClusterState state = sp.getKey();
                    // Another group's task is, to a scoped token, a task that does not exist.
                    if (!visibleTask(who, state, sp.getValue(), id)) {
                        return done(json(StatusCodes.NOT_FOUND, ApiJson.error("no task with id '" + id + "'")));
                    }
                    for (ClusterState.TaskView t : state.tasks()) {
                        if (t.spec().taskId().value().equals(id)) {
                            if (!t.status().state().isTerminal()) {
                                master.tell(new MasterCommand.Kill(t.frameworkId(), TaskId.of(id), graceMillis));
                            }
                            return done(json(StatusCodes.ACCEPTED, ApiJson.MAPPER.createObjectNode().put("id", id)
                                    .put("state", t.status().state().isTerminal() ? t.status().state().name() : "KILLING")));
                        }
                    }
                    return AskPattern.<AdhocProtocol.Command, AdhocProtocol.CancelReply>ask(tasks,
                                    reply -> new AdhocProtocol.Cancel(id, reply), ASK_TIMEOUT, system.scheduler())
                            .thenApply(r -> r.cancelled()
                                    ? json(StatusCodes.ACCEPTED, ApiJson.MAPPER.createObjectNode().put("id", id)
                                    .put("state", TaskState.KILLED.name()))
                                    : r.error() != null
                                    ? json(StatusCodes.SERVICE_UNAVAILABLE, ApiJson.error(r.error()))
                                    : json(StatusCodes.NOT_FOUND, ApiJson.error("no task with id '" + id + "'")));
                })
                .exceptionally(this::unavailable);
    }

    private CompletionStage<AdhocProtocol.PendingList> pendingOf() {
        return AskPattern.<AdhocProtocol.Command, AdhocProtocol.PendingList>ask(
                        tasks, AdhocProtocol.ListPending::new, PENDING_TIMEOUT, system.scheduler())
                .exceptionally(t -> new AdhocProtocol.PendingList(AdhocTasks.FRAMEWORK_NAME, List.of()));
    }

    /** Whether {@code who} may see task {@code id}; an unknown task counts as visible (the caller says 404 anyway). */
    private static boolean visibleTask(Principal who, ClusterState state, AdhocProtocol.PendingList pending, String id) {
        if (who.group() == null) {
            return true;
        }
        for (JsonNode t : ApiJson.tasks(state, pending)) {
            if (t.path("id").asText().equals(id)) {
                return GroupAccess.sees(who, t.path("group").asText());
            }
        }
        return true;
    }

    private CompletionStage<HttpResponse> logs(String id, String stream, String offsetText, Principal who) {
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            return done(json(StatusCodes.BAD_REQUEST, ApiJson.error("stream must be stdout or stderr, got '"
                    + StrictJson.shown(stream) + "'")));
        }
        long parsed;
        try {
            parsed = Long.parseLong(offsetText);
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        long offset = parsed;
        if (offset < 0) {
            return done(json(StatusCodes.BAD_REQUEST, ApiJson.error("offset must be a whole number of 0 or more, got '"
                    + StrictJson.shown(offsetText) + "'")));
        }
        return AskPattern.ask(master, MasterCommand.GetState::new, ASK_TIMEOUT, system.scheduler())
                .thenCompose(state -> {
                    String taskState = null;
                    if (!visibleTask(who, state, new AdhocProtocol.PendingList(AdhocTasks.FRAMEWORK_NAME, List.of()), id)) {
                        return done(json(StatusCodes.NOT_FOUND, ApiJson.error("no task with id '" + id
                                + "' (a task that waits for resources has no logs yet)")));
                    }
                    for (ClusterState.TaskView t : state.tasks()) {
                        if (t.spec().taskId().value().equals(id)) {
                            taskState = t.status().state().name();
                        }
                    }
                    if (taskState == null) {
                        return done(json(StatusCodes.NOT_FOUND, ApiJson.error("no task with id '" + id
                                + "' (a task that waits for resources has no logs yet)")));
                    }
                    String finalState = taskState;
                    return AskPattern.<MasterCommand, AgentCommand.LogReply>ask(master,
                                    reply -> new MasterCommand.GetLog(TaskId.of(id), stream, offset, LOG_CHUNK, reply),
                                    ASK_TIMEOUT, system.scheduler())
                            .thenApply(r -> {
                                if (!r.found()) {
                                    return json(StatusCodes.NOT_FOUND, ApiJson.error(r.error()));
                                }
                                if (r.error() != null) {
                                    return json(StatusCodes.SERVICE_UNAVAILABLE, ApiJson.error(r.error()));
                                }
                                return HttpResponse.create()
                                        .withEntity(ContentTypes.TEXT_PLAIN_UTF8, r.data())
                                        .addHeader(RawHeader.create("X-Strata-Next-Offset", Long.toString(r.nextOffset())))
                                        .addHeader(RawHeader.create("X-Strata-Task-State", finalState));
                            });
                })
                .exceptionally(this::unavailable);
    }

    private static CompletionStage<HttpResponse> done(HttpResponse r) {
        return java.util.concurrent.CompletableFuture.completedFuture(r);
    }

    private static HttpResponse json(StatusCode code, JsonNode body) {
        try {
            return HttpResponse.create().withStatus(code)
                    .withEntity(ContentTypes.APPLICATION_JSON, ApiJson.MAPPER.writeValueAsBytes(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse unavailable(Throwable t) {
        return json(StatusCodes.SERVICE_UNAVAILABLE, ApiJson.error("the Strata master did not answer within "
                + ASK_TIMEOUT.toSeconds() + "s (" + rootMessage(t) + "); it may be failing over, try again"));
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
