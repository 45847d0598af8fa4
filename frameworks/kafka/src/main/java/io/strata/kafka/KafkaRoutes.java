package io.strata.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.ApiResponses;
import io.strata.api.PathParams;
import io.strata.api.ServiceRoutes;
import io.strata.api.StrictJson;
import io.strata.protocol.MasterCommand;
import io.strata.service.ServiceProtocol;
import io.strata.service.ServiceProtocol.ServiceStatus;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import static io.strata.api.ApiResponses.done;
import static io.strata.api.ApiResponses.error;
import static io.strata.api.ApiResponses.json;

/** /api/v1/kafka: the service routes every type has, plus topics. */
final class KafkaRoutes extends AllDirectives implements ServiceRoutes.Adapter {

    /** Settings are numbers or numbers as strings (the pipelines orchestrator sends strings). */
    private static final StrictJson.Schema CREATE = ServiceRoutes.createRequest()
            .wholeNumberOrText("brokers", 1, ServiceRoutes.MAX_PODS).positiveNumberOrText("brokerCpus")
            .wholeNumberOrText("brokerMem", 1, StrictJson.MAX_MB).wholeNumberOrText("brokerDisk", 1, StrictJson.MAX_MB);
    private static final StrictJson.Schema SCALE = StrictJson.object().wholeNumber("brokers", 1, ServiceRoutes.MAX_PODS);
    /** More partitions than one topic should ever have: a larger number is a mistake that would swamp the brokers. */
    private static final StrictJson.Schema TOPIC = StrictJson.object().text("topic")
            .wholeNumber("partitions", 1, 10_000).wholeNumber("replication", 1, Short.MAX_VALUE);

    private final ServiceRoutes service;
    private final ExecutorService admin = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "strata-kafka-admin");
        t.setDaemon(true);
        return t;
    });

    KafkaRoutes(ActorSystem<?> system, ActorRef<MasterCommand> master, ActorRef<ServiceProtocol.Command> manager,
                KafkaServiceType type, io.strata.group.GroupStore groups) {
        this.service = new ServiceRoutes(system, master, manager, type, this, groups);
    }

    Route routes() {
        return service.routes(name -> pathPrefix("topics", () -> concat(
                pathEnd(() -> concat(
                        get(() -> completeWithFuture(service.withStatus(name, this::topics))),
                        post(() -> entity(Unmarshaller.entityToString(), body ->
                                completeWithFuture(service.withStatus(name, s -> createTopic(s, body))))))),
                path(PathMatchers.segment(), topic -> PathParams.checked("topic", topic, () -> delete(() ->
                        completeWithFuture(service.withStatus(name, s -> deleteTopic(s, topic)))))))));
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
        for (String key : new String[]{"brokers", "brokerCpus", "brokerMem", "brokerDisk"}) {
            if (body.has(key) && !body.get(key).isNull()) {
                given.put(key, body.get(key).asText());
            }
        }
        return KafkaConfig.create(given).toMap();
    }

    @Override
    public Map<String, String> scaleConfig(Map<String, String> current, JsonNode body) {
        if (!body.path("brokers").canConvertToInt()) {
            throw new IllegalArgumentException("'brokers' must be a whole number");
        }
        return KafkaConfig.parse(current).withBrokers(body.path("brokers").asInt()).toMap();
    }

    @Override
    public ObjectNode statusJson(ServiceStatus status) {
        return KafkaJson.status(status);
    }

    @Override
    public String podId(ServiceStatus s, String brokerId) {
        int id;
        try {
            id = Integer.parseInt(brokerId);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("broker id must be a number, got '" + brokerId + "'");
        }
        String pod = id >= KafkaDefinition.CONTROLLER_ID_BASE
                ? KafkaDefinition.CONTROLLER + "-" + (id - KafkaDefinition.CONTROLLER_ID_BASE)
                : KafkaDefinition.BROKER + "-" + (id - 1);
        if (s.pods().stream().noneMatch(p -> p.id().equals(pod))) {
            throw new NoSuchElementException("kafka " + s.name() + " has no broker " + id + "; its brokers are 1-"
                    + s.pods().stream().filter(p -> p.type().equals(KafkaDefinition.BROKER)).count());
        }
        return pod;
    }

    private CompletionStage<HttpResponse> topics(ServiceStatus s) {
        return blocking(() -> {
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
            n = TOPIC.parse(body);
        } catch (IllegalArgumentException e) {
            return done(error(StatusCodes.BAD_REQUEST, e.getMessage()));
        }
        String topic = n.path("topic").asText("");
        int partitions = n.path("partitions").asInt(1);
        int brokers = KafkaConfig.parse(s.config()).brokers();
        int replication = n.path("replication").asInt(Math.min(3, brokers));
        return blocking(() -> {
            KafkaTopics.create(bootstrap(s), brokers, topic, partitions, replication);
            return json(StatusCodes.CREATED, ApiResponses.MAPPER.createObjectNode().put("topic", topic)
                    .put("partitions", partitions).put("replication", replication));
        });
    }

    private CompletionStage<HttpResponse> deleteTopic(ServiceStatus s, String topic) {
        if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            // Kafka would refuse the name itself (a 502 from here); no topic can have it.
            return done(error(StatusCodes.NOT_FOUND, "no topic named '" + topic + "': a topic name holds only letters, "
                    + "digits, '.', '_' and '-'"));
        }
        return blocking(() -> {
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

    private CompletionStage<HttpResponse> blocking(Supplier<HttpResponse> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.get();
            } catch (KafkaTopics.TopicException e) {
                return error(StatusCodes.get(e.status), e.getMessage());
            }
        }, admin);
    }
}
