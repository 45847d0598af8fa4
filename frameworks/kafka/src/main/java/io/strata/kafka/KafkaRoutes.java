package io.strata.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.strata.api.ApiResponses;
import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import io.strata.service.ServiceFit;
import io.strata.service.ServiceProtocol;
import io.strata.service.ServiceProtocol.Reply;
import io.strata.service.ServiceProtocol.ServiceStatus;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import static io.strata.api.ApiResponses.done;
import static io.strata.api.ApiResponses.error;
import static io.strata.api.ApiResponses.json;

/** /api/v1/kafka: create, list, status, restart, scale, replace, delete, and topics. */
final class KafkaRoutes extends AllDirectives {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ActorSystem<?> system;
    private final ActorRef<MasterCommand> master;
    private final ActorRef<ServiceProtocol.Command> manager;
    private final KafkaServiceType type;
    private final ExecutorService admin = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "strata-kafka-admin");
        t.setDaemon(true);
        return t;
    });

    KafkaRoutes(ActorSystem<?> system, ActorRef<MasterCommand> master, ActorRef<ServiceProtocol.Command> manager,
                KafkaServiceType type) {
        this.system = system;
        this.master = master;
        this.manager = manager;
        this.type = type;
    }

    Route routes() {
        return pathPrefix("kafka", () -> concat(
                pathEnd(() -> concat(
                        get(() -> completeWithFuture(list())),
                        post(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(create(body)))))),
                pathPrefix(PathMatchers.segment(), name -> concat(
                        pathEnd(() -> concat(
                                get(() -> completeWithFuture(status(name))),
                                delete(() -> completeWithFuture(reply(r -> new ServiceProtocol.Delete(name, r),
                                        StatusCodes.ACCEPTED))))),
                        path("restart", () -> post(() -> completeWithFuture(
                                reply(r -> new ServiceProtocol.Restart(name, r), StatusCodes.ACCEPTED)))),
                        path("scale", () -> post(() -> entity(Unmarshaller.entityToString(), body ->
                                completeWithFuture(scale(name, body))))),
                        path(PathMatchers.segment("replace").slash(PathMatchers.segment()), id ->
                                post(() -> completeWithFuture(replace(name, id)))),
                        pathPrefix("topics", () -> concat(
                                pathEnd(() -> concat(
                                        get(() -> completeWithFuture(withStatus(name, s -> topics(s)))),
                                        post(() -> entity(Unmarshaller.entityToString(), body ->
                                                completeWithFuture(withStatus(name, s -> createTopic(s, body))))))),
                                path(PathMatchers.segment(), topic -> delete(() ->
                                        completeWithFuture(withStatus(name, s -> deleteTopic(s, topic)))))))))));
    }

    private CompletionStage<HttpResponse> create(String body) {
        JsonNode n;
        Map<String, String> given = new LinkedHashMap<>();
        String name;
        KafkaConfig config;
        try {
            n = ApiResponses.MAPPER.readTree(body);
            name = n.path("name").asText("");
            if (name.isEmpty()) {
                return done(error(StatusCodes.BAD_REQUEST, "'name' is required"));
            }
            for (String key : new String[]{"brokers", "brokerCpus", "brokerMem", "brokerDisk"}) {
                if (n.has(key) && !n.get(key).isNull()) {
                    given.put(key, n.get(key).asText());
                }
            }
            config = KafkaConfig.create(given);
        } catch (IllegalArgumentException e) {
            return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
        } catch (Exception e) {
            return done(error(StatusCodes.BAD_REQUEST, "the request body is not valid JSON"));
        }
        KafkaDefinition def = (KafkaDefinition) type.definition(name, config.toMap());
        return AskPattern.ask(master, MasterCommand.GetState::new, TIMEOUT, system.scheduler())
                .thenCompose(state -> {
                    var problem = ServiceFit.neverFits("kafka " + name, def.pods(), (ClusterState) state);
                    if (problem.isPresent()) {
                        return done(error(StatusCodes.BAD_REQUEST, problem.get()));
                    }
                    return AskPattern.<ServiceProtocol.Command, Reply>ask(manager,
                                    r -> new ServiceProtocol.Create(name, config.toMap(), r), TIMEOUT, system.scheduler())
                            .thenApply(r -> r.error() == null
                                    ? json(StatusCodes.CREATED, ApiResponses.MAPPER.createObjectNode().put("name", name)
                                    .put("state", "DEPLOYING"))
                                    : error(r.error().contains("already exists") ? StatusCodes.CONFLICT : StatusCodes.BAD_REQUEST,
                                    r.error()));
                })
                .exceptionally(t -> ApiResponses.unavailable("the Kafka framework", t));
    }

    private CompletionStage<HttpResponse> list() {
        return AskPattern.ask(manager, ServiceProtocol.ListServices::new, TIMEOUT, system.scheduler())
                .thenApply(l -> {
                    ArrayNode arr = ApiResponses.MAPPER.createArrayNode();
                    l.services().forEach(s -> arr.add(KafkaJson.status(s)));
                    return json(StatusCodes.OK, arr);
                })
                .exceptionally(t -> ApiResponses.unavailable("the Kafka framework", t));
    }

    private CompletionStage<HttpResponse> status(String name) {
        return withStatus(name, s -> done(json(StatusCodes.OK, KafkaJson.status(s))));
    }

    private CompletionStage<HttpResponse> withStatus(String name, Function<ServiceStatus, CompletionStage<HttpResponse>> then) {
        return AskPattern.<ServiceProtocol.Command, ServiceProtocol.StatusReply>ask(manager,
                        r -> new ServiceProtocol.Status(name, r), TIMEOUT, system.scheduler())
                .thenCompose(r -> r.status() == null ? done(error(StatusCodes.NOT_FOUND, r.error())) : then.apply(r.status()))
                .exceptionally(t -> ApiResponses.unavailable("the Kafka framework", t));
    }

    private CompletionStage<HttpResponse> reply(Function<ActorRef<Reply>, ServiceProtocol.Command> msg,
                                                org.apache.pekko.http.javadsl.model.StatusCode ok) {
        return AskPattern.<ServiceProtocol.Command, Reply>ask(manager, msg::apply, TIMEOUT, system.scheduler())
                .thenApply(r -> r.error() == null ? json(ok, ApiResponses.MAPPER.createObjectNode().put("accepted", true))
                        : error(r.notFound() ? StatusCodes.NOT_FOUND : StatusCodes.BAD_REQUEST, r.error()))
                .exceptionally(t -> ApiResponses.unavailable("the Kafka framework", t));
    }

    private CompletionStage<HttpResponse> scale(String name, String body) {
        return withStatus(name, s -> {
            int brokers;
            try {
                JsonNode n = ApiResponses.MAPPER.readTree(body);
                if (!n.path("brokers").canConvertToInt()) {
                    return done(error(StatusCodes.BAD_REQUEST, "'brokers' must be a whole number"));
                }
                brokers = n.path("brokers").asInt();
            } catch (Exception e) {
                return done(error(StatusCodes.BAD_REQUEST, "the request body is not valid JSON"));
            }
            Map<String, String> next = KafkaConfig.parse(s.config()).withBrokers(brokers).toMap();
            KafkaDefinition def = (KafkaDefinition) type.definition(name, next);
            return AskPattern.ask(master, MasterCommand.GetState::new, TIMEOUT, system.scheduler())
                    .thenCompose(state -> {
                        var problem = ServiceFit.neverFits("kafka " + name, def.pods(), (ClusterState) state);
                        if (problem.isPresent()) {
                            return done(error(StatusCodes.BAD_REQUEST, problem.get()));
                        }
                        return reply(r -> new ServiceProtocol.Scale(name, next, r), StatusCodes.ACCEPTED);
                    });
        });
    }

    private CompletionStage<HttpResponse> replace(String name, String brokerId) {
        return withStatus(name, s -> {
            int id;
            try {
                id = Integer.parseInt(brokerId);
            } catch (NumberFormatException e) {
                return done(error(StatusCodes.BAD_REQUEST, "broker id must be a number, got '" + brokerId + "'"));
            }
            String pod = id >= KafkaDefinition.CONTROLLER_ID_BASE
                    ? KafkaDefinition.CONTROLLER + "-" + (id - KafkaDefinition.CONTROLLER_ID_BASE)
                    : KafkaDefinition.BROKER + "-" + (id - 1);
            if (s.pods().stream().noneMatch(p -> p.id().equals(pod))) {
                return done(error(StatusCodes.NOT_FOUND, "kafka " + name + " has no broker " + id + "; its brokers are 1-"
                        + s.pods().stream().filter(p -> p.type().equals(KafkaDefinition.BROKER)).count()));
            }
            return reply(r -> new ServiceProtocol.Replace(name, pod, r), StatusCodes.ACCEPTED);
        });
    }

    private CompletionStage<HttpResponse> topics(ServiceStatus s) {
        return blocking(s, () -> {
            ArrayNode arr = ApiResponses.MAPPER.createArrayNode();
            for (KafkaTopics.TopicInfo t : KafkaTopics.list(bootstrap(s))) {
                arr.addObject().put("name", t.name()).put("partitions", t.partitions()).put("replication", t.replication());
            }
            return json(StatusCodes.OK, arr);
        });
    }

    private CompletionStage<HttpResponse> createTopic(ServiceStatus s, String body) {
        JsonNode n;
        try {
            n = ApiResponses.MAPPER.readTree(body);
        } catch (Exception e) {
            return done(error(StatusCodes.BAD_REQUEST, "the request body is not valid JSON"));
        }
        String topic = n.path("topic").asText("");
        int partitions = n.path("partitions").asInt(1);
        int brokers = KafkaConfig.parse(s.config()).brokers();
        int replication = n.path("replication").asInt(Math.min(3, brokers));
        return blocking(s, () -> {
            KafkaTopics.create(bootstrap(s), brokers, topic, partitions, replication);
            return json(StatusCodes.CREATED, ApiResponses.MAPPER.createObjectNode().put("topic", topic)
                    .put("partitions", partitions).put("replication", replication));
        });
    }

    private CompletionStage<HttpResponse> deleteTopic(ServiceStatus s, String topic) {
        return blocking(s, () -> {
            KafkaTopics.delete(bootstrap(s), topic);
            return json(StatusCodes.OK, ApiResponses.MAPPER.createObjectNode().put("deleted", topic));
        });
    }

    private static String bootstrap(ServiceStatus s) {
        String b = s.endpoints().getOrDefault("bootstrap", "");
        if (b.isEmpty()) {
            throw new KafkaTopics.TopicException(409, "kafka " + s.name() + " is not placed yet (" + s.state() + ")");
        }
        return b;
    }

    private CompletionStage<HttpResponse> blocking(ServiceStatus s, java.util.function.Supplier<HttpResponse> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (KafkaTopics.TopicException e) {
                return error(StatusCodes.get(e.status), e.getMessage());
            }
        }, admin);
    }
}
