package io.strata.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.adhoc.AdhocProtocol;
import io.strata.api.PathParams;
import io.strata.api.StrictJson;
import io.strata.group.Group;
import io.strata.group.GroupAccess;
import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import io.strata.security.Principal;
import io.strata.security.Principals;
import io.strata.security.TokenBook;
import io.strata.store.ControlStore;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.javadsl.Source;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The dashboard's API under {@code /api/v1}: sign-in links ({@code ui/links}, {@code ui/signin}), the
 * last hour ({@code history}), the events feed ({@code events}), the live stream ({@code stream},
 * server-sent events), a task's live log ({@code tasks/ID/logs/stream}) and why work waits
 * ({@code analysis}, {@code tasks/ID/analysis}). Scoped tokens see their group's tasks and events only.
 */
public final class DashboardRoutes extends AllDirectives {

    /** What {@code GET /api/v1/state} answers, for the live stream's {@code state} events. */
    public interface StateJson {
        JsonNode render(ClusterState state, AdhocProtocol.PendingList pending, Principal who);
    }

    static final StrictJson.Schema SIGNIN = StrictJson.object().text("code");
    static final StrictJson.Schema DEMAND = StrictJson.object().textOrNumber("cpus").wholeNumber("memMb", 0, StrictJson.MAX_MB)
            .wholeNumber("diskMb", 0, StrictJson.MAX_MB).wholeNumber("ports", 0, 65535).text("group")
            .strictTextMap("attributes").text("agent").text("volume");
    private static final Duration TICK = Duration.ofMillis(250);
    private static final int MAX_EVENTS = ClusterEvents.DEFAULT_CAPACITY;

    private final DashboardFeed feed;
    private final SignInLinks links;
    private final StateJson stateJson;
    private final LogTail logTail;
    private final DashboardSettings settings;

    public DashboardRoutes(ActorSystem<?> system, ActorRef<MasterCommand> master, DashboardFeed feed, TokenBook tokens,
                           StateJson stateJson, DashboardSettings settings, ControlStore store) {
        this.feed = feed;
        this.stateJson = stateJson;
        this.settings = settings;
        this.links = new SignInLinks(store, tokens, settings.linkTtl(), settings.sessionTtl());
        this.logTail = new LogTail(system, master, feed, settings.logPoll());
    }

    /** The routes, to be mounted inside {@code /api/v1}. */
    public Route routes() {
        return concat(
                path(PathMatchers.segment("ui").slash("links"), () -> post(this::linkRoute)),
                path(PathMatchers.segment("ui").slash("signin"), () -> post(() ->
                        entity(Unmarshaller.entityToString(), body -> completeWithFuture(signIn(body))))),
                path("history", () -> get(() -> parameterOptional("minutes", m -> complete(history(m))))),
                path("events", () -> get(this::eventsRoute)),
                path("stream", () -> get(() -> Principals.principal(who ->
                        completeOK(feed.counted(liveStream(who)), EventStreamMarshalling.toEventStream())))),
                path("analysis", () -> post(() -> entity(Unmarshaller.entityToString(), body ->
                        completeWithFuture(analyze(body))))),
                path(PathMatchers.segment("tasks").slash(PathMatchers.segment()).slash("analysis"), id ->
                        PathParams.checked("task id", id, () -> get(() -> Principals.principal(who ->
                                completeWithFuture(taskAnalysis(id, who)))))),
                path(PathMatchers.segment("tasks").slash(PathMatchers.segment()).slash("logs").slash("stream"), id ->
                        PathParams.checked("task id", id, () -> get(() -> logRoute(id)))));
    }

    private Route linkRoute() {
        // The link points at the address the caller reached this node by.
        return Principals.principal(who -> extractUri(uri -> {
            String host = uri.host().address();
            return completeWithFuture(createLink(who, uri.scheme() + "://" + (host.contains(":") ? "[" + host + "]" : host)
                    + (uri.port() > 0 ? ":" + uri.port() : "")));
        }));
    }

    private Route eventsRoute() {
        return Principals.principal(who -> parameterOptional("after", after -> parameterOptional("task", task ->
                parameterOptional("limit", limit -> complete(events(who, after, task, limit))))));
    }

    private Route logRoute(String id) {
        return Principals.principal(who -> parameterOptional("stream", stream -> parameterOptional("from", from ->
                logStream(id, stream.orElse("stdout"), from.orElse("end"), who))));
    }

    private CompletionStage<HttpResponse> createLink(Principal who, String base) {
        return links.create(who, Instant.ofEpochMilli(feed.now()))
                .thenApply(link -> json(StatusCodes.CREATED, DashboardJson.MAPPER.createObjectNode()
                        .put("code", link.code()).put("url", base + "/#/signin/" + link.code())
                        .put("expires_at", link.expiresAt().toString())))
                .exceptionally(t -> json(StatusCodes.SERVICE_UNAVAILABLE, DashboardJson.error(
                        "the sign-in link could not be stored on a majority of master nodes; try again")));
    }

    private CompletionStage<HttpResponse> signIn(String body) {
        String code;
        try {
            JsonNode n = SIGNIN.parse(body);
            if (!n.path("code").isTextual()) {
                throw new IllegalArgumentException("'code' is required: the code of a sign-in link from 'strata ui'");
            }
            code = n.get("code").asText();
        } catch (IllegalArgumentException e) {
            return done(json(StatusCodes.BAD_REQUEST, DashboardJson.error(e.getMessage())));
        }
        return links.redeem(code, Instant.ofEpochMilli(feed.now())).thenApply(created -> {
            ObjectNode n = DashboardJson.MAPPER.createObjectNode().put("token", created.text())
                    .put("name", created.token().name()).put("role", created.token().role().spelling());
            n.put("group", created.token().group());
            n.put("expires_at", created.token().expiresAt() == null ? null : created.token().expiresAt().toString());
            return json(StatusCodes.OK, n);
        }).exceptionally(t -> {
            Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
            if (c instanceof SignInLinks.Refused) {
                return json(StatusCodes.UNAUTHORIZED, DashboardJson.error(c.getMessage()));
            }
            return json(StatusCodes.SERVICE_UNAVAILABLE, DashboardJson.error(
                    "cannot sign in now: no majority of master nodes answered; try again"));
        });
    }

    private HttpResponse history(Optional<String> minutesText) {
        int minutes;
        try {
            minutes = Integer.parseInt(minutesText.orElse("60"));
        } catch (NumberFormatException e) {
            minutes = -1;
        }
        int window = (int) settings.historyWindow().toMinutes();
        if (minutes < 1 || minutes > window) {
            return json(StatusCodes.BAD_REQUEST, DashboardJson.error("minutes must be a whole number from 1 to " + window
                    + ", got '" + StrictJson.shown(minutesText.orElse("")) + "'"));
        }
        ObjectNode n = DashboardJson.MAPPER.createObjectNode().put("interval_s", feed.historyInterval().toSeconds());
        ArrayNode points = n.putArray("points");
        feed.history(Duration.ofMinutes(minutes)).forEach(p -> points.add(DashboardJson.point(p)));
        return json(StatusCodes.OK, n);
    }

    private HttpResponse events(Principal who, Optional<String> afterText, Optional<String> task, Optional<String> limitText) {
        Long after;
        int limit;
        try {
            after = afterText.isPresent() ? Long.parseLong(afterText.get()) : null;
        } catch (NumberFormatException e) {
            return json(StatusCodes.BAD_REQUEST, DashboardJson.error("after must be an event's seq (a whole number), got '"
                    + StrictJson.shown(afterText.get()) + "'"));
        }
        try {
            limit = Integer.parseInt(limitText.orElse("200"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_EVENTS) {
            return json(StatusCodes.BAD_REQUEST, DashboardJson.error("limit must be a whole number from 1 to " + MAX_EVENTS
                    + ", got '" + StrictJson.shown(limitText.orElse("")) + "'"));
        }
        Predicate<ClusterEvents.Event> visible = visibleTo(who);
        Predicate<ClusterEvents.Event> filter = task.isPresent() ? visible.and(e -> task.get().equals(e.task())) : visible;
        ObjectNode n = DashboardJson.MAPPER.createObjectNode();
        ArrayNode arr = n.putArray("events");
        feed.events(after, limit, filter).forEach(e -> arr.add(DashboardJson.event(e)));
        return json(StatusCodes.OK, n);
    }

    static Predicate<ClusterEvents.Event> visibleTo(Principal who) {
        return e -> e.group() == null || GroupAccess.sees(who, e.group());
    }

    /**
     * The live stream of one client: its view of each new snapshot, the events after those it has,
     * each new history point, and a comment line when idle. Pulled by the client's connection, so a
     * client that goes away cancels it.
     */
    private Source<ServerSentEvent, NotUsed> liveStream(Principal who) {
        Predicate<ClusterEvents.Event> visible = visibleTo(who);
        return Source.tick(Duration.ZERO, TICK, NotUsed.notUsed())
                .mapMaterializedValue(c -> NotUsed.notUsed())
                .statefulMapConcat(() -> {
                    long[] cursor = {feed.lastSeq()};
                    Object[] sent = {null, feed.lastPoint().orElse(null)};
                    return tick -> {
                        List<ServerSentEvent> out = new ArrayList<>();
                        Optional<DashboardFeed.Sample> sample = feed.latest();
                        if (sample.isPresent() && sample.get() != sent[0]) {
                            sent[0] = sample.get();
                            AdhocProtocol.PendingList pending = sample.get().pending();
                            out.add(ServerSentEvent.create(stateJson.render(sample.get().state(), pending, who).toString(),
                                    "state"));
                        }
                        for (ClusterEvents.Event e : feed.events(cursor[0], MAX_EVENTS, x -> true)) {
                            cursor[0] = e.seq();
                            if (visible.test(e)) {
                                out.add(ServerSentEvent.create(DashboardJson.event(e).toString(), "event"));
                            }
                        }
                        Optional<History.Point> point = feed.lastPoint();
                        if (point.isPresent() && point.get() != sent[1]) {
                            sent[1] = point.get();
                            out.add(ServerSentEvent.create(DashboardJson.point(point.get()).toString(), "history"));
                        }
                        return out;
                    };
                })
                .keepAlive(settings.keepAlive(), ServerSentEvent::heartbeat);
    }

    private Route logStream(String id, String stream, String from, Principal who) {
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            return complete(json(StatusCodes.BAD_REQUEST, DashboardJson.error("stream must be stdout or stderr, got '"
                    + StrictJson.shown(stream) + "'")));
        }
        if (!from.equals("end") && !from.equals("start")) {
            return complete(json(StatusCodes.BAD_REQUEST, DashboardJson.error("from must be end or start, got '"
                    + StrictJson.shown(from) + "'")));
        }
        return onSuccess(feed.fresh().thenApply(s -> visibleTask(s, id, who)).exceptionally(t -> null), found -> {
            if (found == null) {
                return complete(unavailable());
            }
            if (!found) {
                return complete(json(StatusCodes.NOT_FOUND, DashboardJson.error("no task with id '" + id + "'")));
            }
            return completeOK(feed.counted(logTail.source(id, stream, from.equals("end"))
                            .keepAlive(settings.keepAlive(), ServerSentEvent::heartbeat)),
                    EventStreamMarshalling.toEventStream());
        });
    }

    /** Whether the task is known (running, ended or queued) and {@code who} may see it. */
    private static boolean visibleTask(DashboardFeed.Sample s, String id, Principal who) {
        Map<io.strata.resources.FrameworkId, String> groups = new java.util.HashMap<>();
        s.state().frameworks().forEach(f -> groups.put(f.id(), Group.ofRole(f.role())));
        for (ClusterState.TaskView t : s.state().tasks()) {
            if (t.spec().taskId().value().equals(id)) {
                return GroupAccess.sees(who, groups.getOrDefault(t.frameworkId(), Group.DEFAULT));
            }
        }
        if (s.pending() != null) {
            for (AdhocProtocol.PendingTask p : s.pending().tasks()) {
                if (p.id().equals(id)) {
                    return GroupAccess.sees(who, p.groupName());
                }
            }
        }
        return false;
    }

    private CompletionStage<HttpResponse> analyze(String body) {
        OfferAnalysis.Demand demand;
        try {
            demand = demand(DEMAND.parse(body));
        } catch (IllegalArgumentException e) {
            return done(json(StatusCodes.BAD_REQUEST, DashboardJson.error(e.getMessage())));
        }
        return feed.fresh().thenApply(s -> json(StatusCodes.OK, DashboardJson.analysis(OfferAnalysis.analyze(demand,
                s.state())))).exceptionally(t -> unavailable());
    }

    static OfferAnalysis.Demand demand(JsonNode n) {
        double cpus;
        JsonNode c = n.path("cpus");
        if (c.isMissingNode() || c.isNull()) {
            cpus = 0;
        } else {
            try {
                cpus = c.isNumber() ? c.asDouble() : Double.parseDouble(c.asText().strip());
            } catch (NumberFormatException e) {
                cpus = -1;
            }
        }
        if (!(cpus >= 0) || Double.isInfinite(cpus) || cpus > 1_000_000) {
            throw new IllegalArgumentException("'cpus' must be a number of 0 or more, e.g. 1.5, got " + c);
        }
        Map<String, String> attributes = new TreeMap<>();
        n.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        String group = text(n, "group");
        if (group != null && !Group.validName(group)) {
            throw new IllegalArgumentException("'group' must be a group's name, e.g. \"iot\", got \""
                    + StrictJson.shown(group) + "\"");
        }
        return new OfferAnalysis.Demand(io.strata.resources.Resources.milliCpus(cpus), n.path("memMb").asLong(0),
                n.path("diskMb").asLong(0), n.path("ports").asInt(0), group, attributes, text(n, "agent"),
                text(n, "volume"));
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isTextual() && !n.get(field).asText().isBlank() ? n.get(field).asText() : null;
    }

    private CompletionStage<HttpResponse> taskAnalysis(String id, Principal who) {
        return feed.fresh().thenApply(s -> {
            if (!visibleTask(s, id, who)) {
                return json(StatusCodes.NOT_FOUND, DashboardJson.error("no task with id '" + id + "'"));
            }
            for (ClusterState.TaskView t : s.state().tasks()) {
                if (t.spec().taskId().value().equals(id)) {
                    return json(StatusCodes.CONFLICT, DashboardJson.error("task " + id + " is "
                            + t.status().state().name() + ", not waiting for resources: only a PENDING task has an "
                            + "offer analysis"));
                }
            }
            AdhocProtocol.PendingTask p = s.pending().tasks().stream().filter(x -> x.id().equals(id)).findFirst()
                    .orElseThrow();
            OfferAnalysis.Demand d = new OfferAnalysis.Demand(p.resources().milliCpus(), p.resources().memMb(),
                    p.resources().diskMb(), (int) p.resources().ports().count(), p.groupName(), Map.of(), null, null);
            return json(StatusCodes.OK, DashboardJson.analysis(OfferAnalysis.analyze(d, s.state())));
        }).exceptionally(t -> unavailable());
    }

    private static HttpResponse unavailable() {
        return json(StatusCodes.SERVICE_UNAVAILABLE, DashboardJson.error("the Strata master did not answer; it may be "
                + "failing over, try again"));
    }

    private static CompletionStage<HttpResponse> done(HttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    static HttpResponse json(StatusCode code, JsonNode body) {
        HttpResponse r = HttpResponse.create().withStatus(code).withEntity(ContentTypes.APPLICATION_JSON, body.toString());
        return code.intValue() == 401 ? r.addHeader(RawHeader.create("WWW-Authenticate", "Bearer")) : r;
    }
}
