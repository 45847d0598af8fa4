package io.strata.samples.iot;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link CqlSession} per JVM and target, shared by every task the JVM runs, closed when the JVM
 * exits; statements are prepared once per session.
 */
final class CassandraSessions {

    private static final Map<CassandraTarget, CqlSession> SESSIONS = new ConcurrentHashMap<>();
    private static final Map<Statement, PreparedStatement> PREPARED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SESSIONS.values().forEach(CqlSession::close),
                "cassandra-sessions-close"));
    }

    private record Statement(CassandraTarget target, String cql) {
    }

    private CassandraSessions() {
    }

    static CqlSession get(CassandraTarget target) {
        return SESSIONS.computeIfAbsent(target, CassandraSessions::open);
    }

    static PreparedStatement prepare(CassandraTarget target, String cql) {
        return PREPARED.computeIfAbsent(new Statement(target, cql), k -> get(target).prepare(cql));
    }

    private static CqlSession open(CassandraTarget target) {
        // The executor's context class loader is not the one holding this jar: name ours for reference.conf.
        ClassLoader loader = CassandraSessions.class.getClassLoader();
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder(loader)
                // Writes are idempotent upserts; a busy node gets time and a retry instead of a failed batch.
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, ConsistencyLevel.LOCAL_QUORUM.name())
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
                .build();
        var builder = CqlSession.builder().withClassLoader(loader).withConfigLoader(config)
                .withLocalDatacenter(target.datacenter());
        for (String cp : target.contactPoints()) {
            int colon = cp.lastIndexOf(':');
            builder.addContactPoint(InetSocketAddress.createUnresolved(cp.substring(0, colon),
                    Integer.parseInt(cp.substring(colon + 1))));
        }
        return builder.build();
    }
}
