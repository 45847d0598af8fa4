package io.strata.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.ApiResponses;
import io.strata.api.ServiceRoutes;
import io.strata.api.StrictJson;
import io.strata.protocol.MasterCommand;
import io.strata.service.ServiceProtocol;
import io.strata.service.ServiceProtocol.PodStatus;
import io.strata.service.ServiceProtocol.ServiceStatus;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.strata.api.ApiResponses.done;
import static io.strata.api.ApiResponses.error;
import static io.strata.api.ApiResponses.json;

/** /api/v1/cassandra: the service routes every type has, plus CQL. */
final class CassandraRoutes extends AllDirectives implements ServiceRoutes.Adapter {

    /** Settings are numbers or numbers as strings (the pipelines orchestrator sends strings). */
    private static final StrictJson.Schema CREATE = ServiceRoutes.createRequest()
            .wholeNumberOrText("nodes", 1, ServiceRoutes.MAX_PODS).positiveNumberOrText("nodeCpus")
            .wholeNumberOrText("nodeMem", 1, StrictJson.MAX_MB).wholeNumberOrText("nodeDisk", 1, StrictJson.MAX_MB);
    private static final StrictJson.Schema SCALE = StrictJson.object().wholeNumber("nodes", 1, ServiceRoutes.MAX_PODS);
    private static final StrictJson.Schema CQL = StrictJson.object().text("statement")
            .objects("statements", StrictJson.object().text("text").wholeNumber("line", 0, Integer.MAX_VALUE))
            .text("consistency");

    private final ServiceRoutes service;
    private final ExecutorService cql = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "strata-cassandra-cql");
        t.setDaemon(true);
        return t;
    });

    CassandraRoutes(ActorSystem<?> system, ActorRef<MasterCommand> master, ActorRef<ServiceProtocol.Command> manager,
                    CassandraServiceType type, io.strata.group.GroupStore groups) {
        this.service = new ServiceRoutes(system, master, manager, type, this, groups);
    }

    Route routes() {
        return service.routes(name -> path("cql", () -> post(() -> entity(Unmarshaller.entityToString(), body ->
                completeWithFuture(service.withStatus(name, s -> cql(s, body)))))));
    }

    @Override
    public StrictJson.Schema createSchema() {
        return CREATE;
    }

    @Override
    public StrictJson.Schema scaleSchema() {
        return SCALE;
    }

    @Override
    public Map<String, String> createConfig(JsonNode body) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String key : new String[]{"nodes", "nodeCpus", "nodeMem", "nodeDisk"}) {
            if (body.has(key) && !body.get(key).isNull()) {
                given.put(key, body.get(key).asText());
            }
        }
        return CassandraConfig.parse(given).toMap();
    }

    @Override
    public Map<String, String> scaleConfig(Map<String, String> current, JsonNode body) {
        if (!body.path("nodes").canConvertToInt()) {
            throw new IllegalArgumentException("'nodes' must be a whole number");
        }
        return CassandraConfig.parse(current).withNodes(body.path("nodes").asInt()).toMap();
    }

    @Override
    public ObjectNode statusJson(ServiceStatus s) {
        ObjectNode n = ApiResponses.MAPPER.createObjectNode();
        n.put("name", s.name());
        n.put("state", s.state());
        n.put("reason", s.reason());
        n.put("operation", s.operation());
        n.put("frameworkId", s.frameworkId());
        ArrayNode cps = n.putArray("contactPoints");
        for (String cp : s.endpoints().getOrDefault("contactPoints", "").split(",")) {
            if (!cp.isBlank()) {
                cps.add(cp);
            }
        }
        ObjectNode cfg = n.putObject("config");
        s.config().forEach(cfg::put);
        ArrayNode nodes = n.putArray("nodes");
        for (PodStatus p : s.pods()) {
            ObjectNode o = nodes.addObject();
            o.put("id", p.index() + 1);
            o.put("pod", p.id());
            o.put("state", p.state());
            o.put("ready", p.ready());
            o.put("agentId", p.agentId());
            o.put("taskId", p.taskId());
            o.put("address", p.host());
            Integer port = p.ports().get(CassandraDefinition.CQL);
            if (port == null) {
                o.putNull("cqlPort");
            } else {
                o.put("cqlPort", port);
            }
            o.put("restarts", p.restarts());
            o.put("reason", p.reason());
            o.put("volumeId", p.volumeId());
        }
        return n;
    }

    @Override
    public String podId(ServiceStatus s, String nodeId) {
        int id;
        try {
            id = Integer.parseInt(nodeId);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("node id must be a number, got '" + nodeId + "'");
        }
        String pod = CassandraDefinition.NODE + "-" + (id - 1);
        if (s.pods().stream().noneMatch(p -> p.id().equals(pod))) {
            throw new NoSuchElementException("cassandra " + s.name() + " has no node " + id + "; its nodes are 1-"
                    + s.pods().size());
        }
        return pod;
    }

    private CompletionStage<HttpResponse> cql(ServiceStatus s, String body) {
        List<CqlRunner.Statement> statements = new ArrayList<>();
        ConsistencyLevel cl;
        try {
            JsonNode n = CQL.parse(body);
            if (n.path("statement").isTextual()) {
                statements.add(new CqlRunner.Statement(n.path("statement").asText(), 0));
            }
            for (JsonNode st : n.path("statements")) {
                statements.add(new CqlRunner.Statement(st.path("text").asText(), st.path("line").asInt(0)));
            }
            if (statements.isEmpty()) {
                return done(error(StatusCodes.BAD_REQUEST, "give a 'statement' or 'statements'"));
            }
            cl = CqlRunner.consistency(n.path("consistency").asText(null));
        } catch (IllegalArgumentException e) {
            return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
        } catch (Exception e) {
            return done(error(StatusCodes.BAD_REQUEST, "the request body is not valid JSON"));
        }
        List<String> contactPoints = List.of(s.endpoints().getOrDefault("contactPoints", "").split(","));
        if (contactPoints.isEmpty() || contactPoints.get(0).isBlank()) {
            return done(error(StatusCodes.CONFLICT, "cassandra " + s.name() + " has no node placed yet (" + s.state() + ")"));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                ObjectNode result = CqlRunner.run(contactPoints, statements, cl);
                JsonNode failed = result.path("failed");
                if (failed.isObject()) {
                    int line = failed.path("line").asInt();
                    String message = (line > 0 ? "line " + line + ": " : "") + failed.path("error").asText();
                    boolean invalid = "invalid".equals(failed.path("kind").asText());
                    return json(invalid ? StatusCodes.BAD_REQUEST : StatusCodes.BAD_GATEWAY, result.put("error", message));
                }
                return json(StatusCodes.OK, result);
            } catch (RuntimeException e) {
                return error(StatusCodes.SERVICE_UNAVAILABLE, "cannot reach cassandra " + s.name() + ": " + e.getMessage());
            }
        }, cql);
    }
}
