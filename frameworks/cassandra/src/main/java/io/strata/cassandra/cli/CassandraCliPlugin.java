package io.strata.cassandra.cli;

import io.strata.cli.service.ServiceCommands;
import io.strata.cli.service.ServiceDescriptor;
import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliPlugin;
import java.util.List;

/** {@code strata cassandra ...}: the generic service commands for Cassandra rings, plus CQL. */
public final class CassandraCliPlugin implements CliPlugin {

    static final ServiceDescriptor CASSANDRA = ServiceDescriptor.builder("cassandra", "nodes", "node")
            .description("Create and run Cassandra rings (nodes as Strata tasks, each on its own agent and address, "
                    + "data on volumes).")
            .noun("ring", "rings")
            .endpoint("contactPoints", "contact points", "contact points")
            .podColumn("ADDRESS", "address").podColumn("CQL PORT", "cqlPort")
            .count("1", "Number of nodes, each on its own agent")
            .createOption("--node-cpus", "C", Double.class, "nodeCpus", "1", "CPUs per node")
            .createOption("--node-mem", "MB", Long.class, "nodeMem", "2048", "Memory per node in MB, 40 percent of it heap")
            .createOption("--node-disk", "MB", Long.class, "nodeDisk", "2048", "Persistent volume per node in MB")
            .create("Create a ring; nodes join one after another.")
            .scale("Add nodes, one at a time (scaling down is not supported).")
            .replace("NODE_ID", "Start a new node on another agent in place of NODE_ID (replace_address).")
            .extraCommand(CqlCommand::new)
            .build();

    @Override
    public List<Object> commands(CliContext context) {
        return List.of(ServiceCommands.tree(CASSANDRA, context));
    }
}
