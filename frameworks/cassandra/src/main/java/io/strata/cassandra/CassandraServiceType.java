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

    /** Nodes are numbered from 1 for users, as 'strata cassandra replace NAME 2' takes them. */
    @Override
    public String podArgument(String podType, int index) {
        return Integer.toString(index + 1);
    }
}
