package io.strata.kafka;

import io.strata.node.StrataExtension;
import io.strata.service.ServerDist;
import io.strata.service.ServiceManager;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Optional;

/** Runs the Kafka framework on master nodes and serves its API under /api/v1/kafka. */
public final class KafkaExtension implements StrataExtension {

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Optional<Route> start(Context context) {
        KafkaServiceType type = new KafkaServiceType(ServerDist.locate(KafkaExtension.class, "kafka-dist.properties",
                "strata.kafka.dist", "frameworks/kafka/kafka-dist"));
        var manager = ServiceManager.init(context.system(), context.master(), type, context.home(), context.store());
        return Optional.of(new KafkaRoutes(context.system(), context.master(), manager, type, new io.strata.group.GroupStore(context.store())).routes());
    }
}
