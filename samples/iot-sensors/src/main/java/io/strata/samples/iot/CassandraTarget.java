package io.strata.samples.iot;

import java.io.Serializable;
import java.util.List;

/**
 * Where a job's Cassandra is: {@code host:port} contact points and the local datacenter (Strata's
 * nodes use SimpleSnitch, whose datacenter is {@code datacenter1}). Shipped to executors.
 */
record CassandraTarget(List<String> contactPoints, String datacenter) implements Serializable {

    CassandraTarget {
        contactPoints = List.copyOf(contactPoints);
    }

    static CassandraTarget of(JobArgs args) {
        return new CassandraTarget(args.hostPorts("contact-points"), args.get("datacenter"));
    }
}
