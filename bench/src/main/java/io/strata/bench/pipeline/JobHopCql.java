package io.strata.bench.pipeline;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The job hop's reads of {@code iot.readings_by_minute}, with prepared statements: the events one
 * side has written (sum(count) over that side's sensors), and whether a probe's row is there.
 */
final class JobHopCql implements AutoCloseable {

    static final String DATACENTER = Cql.DATACENTER;

    private final CqlSession session;
    private final PreparedStatement written;
    private final PreparedStatement probe;

    private JobHopCql(CqlSession session) {
        this.session = session;
        this.written = session.prepare("SELECT sum(count) FROM iot.readings_by_minute WHERE sensor_id IN ?");
        this.probe = session.prepare("SELECT count FROM iot.readings_by_minute WHERE sensor_id = ? LIMIT 1");
    }

    /** Connects to a node whose schema is applied. */
    static JobHopCql connect(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withInt(DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE, 2)
                .build();
        CqlSession s = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1))))
                .withLocalDatacenter(DATACENTER).withConfigLoader(config).build();
        try {
            return new JobHopCql(s);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Events written for these sensors so far. */
    long written(List<String> sensors) {
        Row r = session.execute(written.bind(sensors)).one();
        return r == null || r.isNull(0) ? 0 : r.getLong(0);
    }

    /** Completes with true once the probe's sensor has a row. */
    CompletionStage<Boolean> probeSeen(String sensor) {
        return session.executeAsync(probe.bind(sensor)).thenApply((AsyncResultSet rs) -> rs.one() != null);
    }

    @Override
    public void close() {
        session.close();
    }
}
