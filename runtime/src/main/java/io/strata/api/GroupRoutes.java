package io.strata.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.group.Group;
import io.strata.group.GroupAccess;
import io.strata.group.GroupStore;
import io.strata.group.GroupUsage;
import io.strata.group.Quota;
import io.strata.node.StrataExtension;
import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import io.strata.resources.Resources;
import io.strata.security.Principal;
import io.strata.security.Principals;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import static io.strata.api.ApiResponses.done;
import static io.strata.api.ApiResponses.error;
import static io.strata.api.ApiResponses.json;

/**
 * /api/v1/groups: list groups with their usage, create one, change its quota, delete it. After every
 * change the master gets every group's quota ({@link MasterCommand.SetGroups}).
 */
public final class GroupRoutes extends AllDirectives {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** POST /api/v1/groups; the quotas' contents are checked by {@link #quota}. */
    static final StrictJson.Schema CREATE = StrictJson.object().text("name").positiveNumber("weight")
            .objectOrText("guarantee").objectOrText("limit").texts("users");
    /** PUT /api/v1/groups/NAME/quota. */
    static final StrictJson.Schema QUOTA = StrictJson.object().positiveNumber("weight")
            .objectOrText("guarantee").objectOrText("limit");
    private static final Set<String> QUOTA_KEYS = Set.of("cpus", "memMb", "diskMb");

    private final ActorSystem<?> system;
    private final ActorRef<MasterCommand> master;
    private final GroupStore groups;

    public GroupRoutes(ActorSystem<?> system, ActorRef<MasterCommand> master, GroupStore groups) {
        this.system = system;
        this.master = master;
        this.groups = groups;
    }

    public static GroupRoutes start(StrataExtension.Context context) {
        return new GroupRoutes(context.system(), context.master(), new GroupStore(context.store()));
    }

    public Route routes() {
        return pathPrefix("groups", () -> concat(
                pathEnd(() -> concat(
                        get(() -> Principals.principal(who -> completeWithFuture(list(who)))),
                        post(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(create(body)))))),
                path(PathMatchers.segment().slash("quota"), name -> PathParams.checked("group name", name, () ->
                        put(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(setQuota(name, body)))))),
                path(PathMatchers.segment(), name -> PathParams.checked("group name", name, () ->
                        delete(() -> completeWithFuture(delete(name)))))));
    }

    /** A scoped principal sees only its own group. */
    private CompletionStage<HttpResponse> list(Principal who) {
        return groups.all().thenCombine(state(), (all, state) -> {
            Map<String, Resources> used = GroupUsage.of(state);
            ArrayNode arr = ApiResponses.MAPPER.createArrayNode();
            for (Group g : all) {
                if (GroupAccess.sees(who, g.name())) {
                    arr.add(groupJson(g, used.getOrDefault(g.name(), Resources.EMPTY)));
                }
            }
            return json(StatusCodes.OK, arr);
        }).exceptionally(t -> ApiResponses.unavailable("the control store or the master", t));
    }

    static ObjectNode groupJson(Group g, Resources used) {
        ObjectNode n = ApiResponses.MAPPER.createObjectNode();
        n.put("name", g.name());
        n.put("weight", g.weight());
        n.set("guarantee", ApiResponses.MAPPER.valueToTree(g.guarantee()));
        if (g.limit().isNone()) {
            n.putNull("limit");
        } else {
            n.set("limit", ApiResponses.MAPPER.valueToTree(g.limit()));
        }
        ArrayNode users = n.putArray("users");
        g.users().forEach(users::add);
        n.putObject("used").put("cpus", used.milliCpus() / 1000.0).put("memMb", used.memMb()).put("diskMb", used.diskMb());
        return n;
    }

    private CompletionStage<HttpResponse> create(String body) {
        Group g;
        try {
            JsonNode n = CREATE.parse(body);
            if (!n.path("name").isTextual()) {
                throw new IllegalArgumentException("'name' is required: the group's name, e.g. \"iot\"");
            }
            List<String> users = new ArrayList<>();
            JsonNode u = n.path("users");
            if (!u.isMissingNode() && !u.isNull()) {
                if (!u.isArray()) {
                    throw new IllegalArgumentException("'users' must be an array of Unix user names, got " + u);
                }
                for (JsonNode x : u) {
                    if (!x.isTextual()) {
                        throw new IllegalArgumentException("'users' must hold Unix user names as strings, got " + x);
                    }
                    users.add(x.asText());
                }
            }
            g = new Group(n.path("name").asText(), weight(n, 1.0), quota(n, "guarantee"), quota(n, "limit"), users);
        } catch (IllegalArgumentException e) {
            return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
        }
        return groups.get(g.name()).thenCompose(existing -> {
            if (existing.isPresent()) {
                return done(error(StatusCodes.CONFLICT, "group " + g.name() + " already exists; change its quota with "
                        + "'strata group set-quota " + g.name() + "'"));
            }
            return groups.put(g).thenCompose(ok -> announce())
                    .thenApply(ok -> json(StatusCodes.CREATED, groupJson(g, Resources.EMPTY)));
        }).exceptionally(t -> ApiResponses.unavailable("the control store", t));
    }

    private CompletionStage<HttpResponse> setQuota(String name, String body) {
        JsonNode n;
        try {
            n = QUOTA.parse(body);
            Group.checkName(name);
        } catch (IllegalArgumentException e) {
            return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
        }
        return groups.get(name).thenCompose(existing -> {
            if (existing.isEmpty()) {
                return done(error(StatusCodes.NOT_FOUND, "no group named " + name + "; see 'strata group list'"));
            }
            Group next;
            try {
                next = existing.get().withQuota(n.has("weight") ? weight(n, 1.0) : null,
                        n.has("guarantee") ? quota(n, "guarantee") : null, n.has("limit") ? quota(n, "limit") : null);
            } catch (IllegalArgumentException e) {
                return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
            }
            return groups.put(next).thenCompose(ok -> announce()).thenCompose(ok -> state())
                    .thenApply(state -> json(StatusCodes.OK, groupJson(next, GroupUsage.of(state, name))));
        }).exceptionally(t -> ApiResponses.unavailable("the control store", t));
    }

    /** Refused while frameworks of the group run tasks: their work would be left in a group that is gone. */
    private CompletionStage<HttpResponse> delete(String name) {
        if (Group.DEFAULT.equals(name)) {
            return done(error(StatusCodes.BAD_REQUEST, "group default cannot be deleted"));
        }
        return groups.get(name).thenCombine(state(), (existing, state) -> Map.entry(existing, state))
                .thenCompose(e -> {
                    if (e.getKey().isEmpty()) {
                        return done(error(StatusCodes.NOT_FOUND, "no group named " + name + "; see 'strata group list'"));
                    }
                    List<String> busy = new ArrayList<>();
                    for (ClusterState.FrameworkView f : e.getValue().frameworks()) {
                        if (Group.ofRole(f.role()).equals(name) && f.tasks() > 0) {
                            busy.add(f.name() + " (" + f.tasks() + " tasks)");
                        }
                    }
                    if (!busy.isEmpty()) {
                        return done(error(StatusCodes.CONFLICT, "group " + name + " still has work: "
                                + String.join(", ", busy) + "; stop or delete it first"));
                    }
                    return groups.remove(name).thenCompose(ok -> announce())
                            .thenApply(ok -> json(StatusCodes.OK, ApiResponses.MAPPER.createObjectNode()
                                    .put("name", name).put("deleted", true)));
                }).exceptionally(t -> ApiResponses.unavailable("the control store or the master", t));
    }

    /** Tells the master every group's quota. */
    private CompletionStage<Void> announce() {
        return groups.all().thenAccept(all -> master.tell(new MasterCommand.SetGroups(
                all.stream().map(Group::quota).toList())));
    }

    private CompletionStage<ClusterState> state() {
        return AskPattern.ask(master, MasterCommand.GetState::new, TIMEOUT, system.scheduler());
    }

    private static double weight(JsonNode n, double absent) {
        JsonNode w = n.path("weight");
        if (w.isMissingNode() || w.isNull()) {
            return absent;
        }
        if (!w.isNumber()) {
            throw new IllegalArgumentException("'weight' must be a number greater than 0, got " + w);
        }
        return w.asDouble();
    }

    /** A quota as an object {cpus, memMb, diskMb} or as the CLI's text "cpus=2,mem=4g"; absent or null = none. */
    static Quota quota(JsonNode n, String field) {
        JsonNode q = n.path(field);
        if (q.isMissingNode() || q.isNull()) {
            return Quota.NONE;
        }
        if (q.isTextual()) {
            return Quota.parse(q.asText(), "'" + field + "'");
        }
        if (!q.isObject()) {
            throw new IllegalArgumentException("'" + field + "' must be an object such as {\"cpus\": 2, \"memMb\": 4096}, got " + q);
        }
        for (Iterator<String> it = q.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!QUOTA_KEYS.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + field + "." + f + "'; valid: cpus, memMb, diskMb");
            }
        }
        return new Quota(number(q, field, "cpus") == null ? null : q.get("cpus").asDouble(),
                whole(q, field, "memMb"), whole(q, field, "diskMb"));
    }

    private static JsonNode number(JsonNode q, String field, String key) {
        JsonNode v = q.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + field + "." + key + "' must be a number, got " + v);
        }
        return v;
    }

    private static Long whole(JsonNode q, String field, String key) {
        JsonNode v = number(q, field, key);
        if (v == null) {
            return null;
        }
        if (!v.canConvertToLong() || v.isFloatingPointNumber() && v.asDouble() != Math.rint(v.asDouble())) {
            throw new IllegalArgumentException("'" + field + "." + key + "' must be a whole number of MB, got " + v);
        }
        return v.asLong();
    }

    /** The answer for a create request whose group was refused, or null when {@code t} is something else. */
    public static HttpResponse refusal(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof GroupAccess.Refused r) {
            return error(r.status() == 403 ? StatusCodes.FORBIDDEN : StatusCodes.BAD_REQUEST, r.getMessage());
        }
        return null;
    }
}
