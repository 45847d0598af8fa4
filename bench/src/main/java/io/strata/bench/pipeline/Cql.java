package io.strata.bench.pipeline;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metadata.NodeState;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A CQL session to one Cassandra node, the harness's own: readiness as Strata's Cassandra framework
 * checks it, the schema for the floor, and the probe for an aggregate's first row on both sides.
 */
final class Cql implements AutoCloseable {

    static final String DATACENTER = "datacenter1";
    static final String FIRST_ROW = "SELECT sensor_id FROM iot.readings_by_minute LIMIT 1";

    private final CqlSession session;

    private Cql(CqlSession session) {
        this.session = session;
    }

    /** Connects, or throws while the node does not answer CQL yet. */
    static Cql connect(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .build();
        return new Cql(CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1))))
                .withLocalDatacenter(DATACENTER).withConfigLoader(config).build());
    }

    /** Strata's readiness of a one-node ring: it answers CQL and sees itself UP. */
    boolean up() {
        return session.getMetadata().getNodes().values().stream().anyMatch(n -> n.getState() == NodeState.UP);
    }

    void execute(String statement) {
        session.execute(statement);
    }

    /** True once the aggregates table has a row; false while it is empty or not there yet. */
    boolean hasAggregateRow() {
        try {
            return session.execute(FIRST_ROW).one() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
