package io.strata.cassandra;

import io.strata.service.ServiceDefinition;
import io.strata.service.ServiceType;

import java.nio.file.Path;
import java.util.Map;

/** The "cassandra" service type: config → definition. */
final class CassandraServiceType implements ServiceType {

    private final Path dist;

    CassandraServiceType(Path dist) {
        this.dist = dist;
    }

    @Override
    public String name() {
        return "cassandra";
    }

    @Override
    public ServiceDefinition definition(String serviceName, Map<String, String> config) {
        return new CassandraDefinition(serviceName, CassandraConfig.parse(config), dist);
    }
}
