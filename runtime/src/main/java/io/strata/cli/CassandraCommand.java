package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "cassandra",
        description = "Create and run Cassandra rings (nodes as Strata tasks, each on its own agent and address, data on volumes).",
        subcommands = {CassandraCommand.Create.class, CassandraCommand.Status.class, CassandraCommand.ListAll.class,
                CassandraCommand.Cql.class, CassandraCommand.Scale.class, CassandraCommand.Replace.class,
                CassandraCommand.Restart.class, CassandraCommand.Delete.class})
final class CassandraCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing a cassandra command: create, status, list, cql, scale, replace, restart or delete");
    }

    ServiceCommands service() {
        return new ServiceCommands(strata.api(), strata.out, "cassandra", "nodes", "node");
    }

    @Command(name = "create", description = "Create a ring; nodes join one after another.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        CassandraCommand c;
        @Parameters(paramLabel = "NAME", description = "Lower-case letters, digits and '-'.")
        String name;
        @Option(names = "--nodes", description = "Number of nodes (default: 1), each on its own agent.")
        Integer nodes;
        @Option(names = "--node-cpus", paramLabel = "C", description = "CPUs per node (default: 1).")
        Double cpus;
        @Option(names = "--node-mem", paramLabel = "MB", description = "Memory per node in MB (default: 2048; 40% is heap).")
        Long mem;
        @Option(names = "--node-disk", paramLabel = "MB", description = "Persistent volume per node in MB (default: 2048).")
        Long disk;
        @Option(names = "--wait", description = "Wait until every node is ready, showing progress.")
        boolean await;

        @Override
        public Integer call() {
            Checks.positive(c.spec, "--nodes", nodes);
            Checks.positive(c.spec, "--node-cpus", cpus);
            Checks.positive(c.spec, "--node-mem", mem);
            Checks.positive(c.spec, "--node-disk", disk);
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (nodes != null) {
                body.put("nodes", nodes);
            }
            if (cpus != null) {
                body.put("nodeCpus", cpus);
            }
            if (mem != null) {
                body.put("nodeMem", mem);
            }
            if (disk != null) {
                body.put("nodeDisk", disk);
            }
            JsonNode s = c.service().create(name, body, await);
            if (s != null) {
                c.strata.out.println("cassandra " + name + " is running; contact points: " + s.path("contactPoints"));
            }
            return 0;
        }
    }

    @Command(name = "status", description = "Show a ring: state, contact points, and each node.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        CassandraCommand c;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--json", description = "Print the API's JSON (.contactPoints, .nodes[] with id, state, agentId, taskId, address).")
        boolean json;

        @Override
        public Integer call() {
            JsonNode s = c.service().status(name);
            if (json) {
                c.strata.out.println(Json.pretty(s));
                return 0;
            }
            c.strata.out.println("cassandra " + name + "  " + s.path("state").asText()
                    + (s.path("reason").asText().isEmpty() ? "" : "  (" + s.path("reason").asText() + ")"));
            c.strata.out.println("contact points  " + String.join(",", Json.MAPPER.convertValue(s.path("contactPoints"), List.class)));
            Table t = new Table("NODE", "STATE", "AGENT", "ADDRESS", "CQL PORT", "TASK", "RESTARTS", "REASON");
            for (JsonNode n : s.path("nodes")) {
                t.row(n.path("id").asText(), n.path("state").asText(), Table.cell(n.path("agentId")),
                        Table.cell(n.path("address")), Table.cell(n.path("cqlPort")), Table.cell(n.path("taskId")),
                        n.path("restarts").asText(), n.path("reason").asText());
            }
            c.strata.out.print(t.render());
            return 0;
        }
    }

    @Command(name = "list", description = "List rings.")
    static final class ListAll implements Callable<Integer> {
        @ParentCommand
        CassandraCommand c;
        @Option(names = "--json", description = "Print the API's JSON array.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode all = c.service().list();
            if (json) {
                c.strata.out.println(Json.pretty(all));
                return 0;
            }
            Table t = new Table("NAME", "STATE", "NODES", "CONTACT POINTS");
            for (JsonNode s : all) {
                t.row(s.path("name").asText(), s.path("state").asText(), Integer.toString(s.path("nodes").size()),
                        String.join(",", Json.MAPPER.convertValue(s.path("contactPoints"), List.class)));
            }
            c.strata.out.print(t.render());
            return 0;
        }
    }

    @Command(name = "cql", description = "Run a CQL statement, or every statement of a file in order (stopping at the "
            + "first that fails, naming its line).")
    static final class Cql implements Callable<Integer> {
        @ParentCommand
        CassandraCommand c;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "STATEMENT", arity = "0..1", description = "One CQL statement.")
        String statement;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A file of CQL statements separated by ';'.")
        Path file;
        @Option(names = "--consistency", paramLabel = "LEVEL", description = "ONE, QUORUM, ALL, LOCAL_ONE (default), ...")
        String consistency;
        @Option(names = "--json", description = "Print rows as a JSON array of objects keyed by column name.")
        boolean json;

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (consistency != null) {
                body.put("consistency", consistency);
            }
            if ((statement == null) == (file == null)) {
                throw Checks.usage(c.spec, "Give either a STATEMENT or -f FILE");
            }
            if (file != null) {
                String text;
                try {
                    text = Files.readString(file);
                } catch (IOException e) {
                    throw CliFailure.failure("Cannot read " + file + " (" + e.getMessage() + ").");
                }
                ArrayNode list = body.putArray("statements");
                for (CqlScript.Statement st : CqlScript.split(text)) {
                    list.addObject().put("text", st.text()).put("line", st.line());
                }
                if (list.isEmpty()) {
                    throw Checks.usage(c.spec, file + " holds no CQL statement");
                }
            } else {
                body.put("statement", statement);
            }
            JsonNode result = c.strata.api().post(c.service().path(name) + "/cql", body);
            JsonNode results = result.path("results");
            JsonNode rows = results.isEmpty() ? Json.MAPPER.createArrayNode() : results.get(results.size() - 1).path("rows");
            if (json) {
                c.strata.out.println(Json.pretty(rows));
            } else if (!rows.isEmpty()) {
                List<String> columns = Json.MAPPER.convertValue(Json.MAPPER.createArrayNode().addAll(
                        java.util.stream.StreamSupport.stream(((Iterable<String>) rows.get(0)::fieldNames).spliterator(), false)
                                .map(f -> Json.MAPPER.getNodeFactory().textNode(f)).toList()), List.class);
                Table t = new Table(columns.toArray(String[]::new));
                for (JsonNode r : rows) {
                    t.row(columns.stream().map(col -> Table.cell(r.path(col))).toArray(String[]::new));
                }
                c.strata.out.print(t.render());
                c.strata.out.println("(" + rows.size() + " rows)");
            } else {
                c.strata.out.println(file != null ? "Ran " + results.size() + " statements." : "OK");
            }
            return 0;
        }
    }

    @Command(name = "scale", description = "Add nodes, one at a time (scaling down is not supported).")
    static final class Scale implements Callable<Integer> {
        @ParentCommand
        CassandraCommand c;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--nodes", required = true, description = "The new number of nodes.")
        int nodes;

        @Override
        public Integer call() {
            Checks.positive(c.spec, "--nodes", nodes);
            c.service().scale(name, "nodes", nodes);
            return 0;
        }
    }

    @Command(name = "replace", description = "Start a new node on another agent in place of NODE_ID (replace_address).")
    static final class Replace implements Callable<Integer> {
        @ParentCommand
        CassandraCommand c;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "NODE_ID")
        String nodeId;

        @Override
        public Integer call() {
            c.service().replace(name, nodeId);
            return 0;
        }
    }

    @Command(name = "restart", description = "Rolling restart: one node at a time, each ready before the next.")
    static final class Restart implements Callable<Integer> {
        @ParentCommand
        CassandraCommand c;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            c.service().restart(name);
            return 0;
        }
    }

    @Command(name = "delete", description = "Stop every node, destroy their volumes and give every resource back.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        CassandraCommand c;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            c.service().delete(name);
            return 0;
        }
    }
}
