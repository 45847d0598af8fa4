package io.strata.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** CQL sessions to a Cassandra service's nodes, with timeouts fit for a small busy ring. */
final class CassandraSessions {

    private CassandraSessions() {
    }

    /** Opens a session to the given "host:port" contact points; DDL may take long on a busy ring. */
    static CqlSession open(List<String> contactPoints, int requestTimeoutSeconds) {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(requestTimeoutSeconds))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
                .build();
        var b = CqlSession.builder().withLocalDatacenter("datacenter1").withConfigLoader(config);
        for (String cp : contactPoints) {
            int colon = cp.lastIndexOf(':');
            b.addContactPoint(new InetSocketAddress(cp.substring(0, colon), Integer.parseInt(cp.substring(colon + 1))));
        }
        return b.build();
    }
}
