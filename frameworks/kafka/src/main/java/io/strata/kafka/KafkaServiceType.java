package io.strata.kafka;

import io.strata.service.ServiceDefinition;
import io.strata.service.ServiceType;

import java.nio.file.Path;
import java.util.Map;

/** The "kafka" service type: config → definition. */
final class KafkaServiceType implements ServiceType {

    private final Path dist;

    KafkaServiceType(Path dist) {
        this.dist = dist;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public ServiceDefinition definition(String serviceName, Map<String, String> config) {
        return new KafkaDefinition(KafkaConfig.parse(config), dist);
    }

    /** Brokers are numbered from 1 for users (their node ids); controllers by their node ids from 1001. */
    @Override
    public String podArgument(String podType, int index) {
        return Integer.toString(podType.equals(KafkaDefinition.BROKER) ? index + 1 : KafkaDefinition.CONTROLLER_ID_BASE + index);
    }
}
