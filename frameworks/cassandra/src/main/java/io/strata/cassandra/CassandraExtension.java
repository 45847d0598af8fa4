package io.strata.cassandra;

import io.strata.node.StrataExtension;
import io.strata.service.ServerDist;
import io.strata.service.ServiceManager;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Optional;

/** Runs the Cassandra framework on master nodes and serves its API under /api/v1/cassandra. */
public final class CassandraExtension implements StrataExtension {

    @Override
    public String name() {
        return "cassandra";
    }

    @Override
    public Optional<Route> start(Context context) {
        CassandraServiceType type = new CassandraServiceType(ServerDist.locate(CassandraExtension.class,
                "cassandra-dist.properties", "strata.cassandra.dist", "frameworks/cassandra/cassandra-dist"));
        var manager = ServiceManager.init(context.system(), context.master(), type, context.home(), context.store());
        return Optional.of(new CassandraRoutes(context.system(), context.master(), manager, type, new io.strata.group.GroupStore(context.store())).routes());
    }
}
