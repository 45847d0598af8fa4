package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "kafka",
        description = "Create and run Kafka clusters (KRaft brokers as Strata tasks with their data on persistent volumes).",
        subcommands = {KafkaCommand.Create.class, KafkaCommand.Status.class, KafkaCommand.ListAll.class,
                KafkaTopicCommand.class, KafkaCommand.Restart.class, KafkaCommand.Scale.class,
                KafkaCommand.Replace.class, KafkaCommand.Delete.class})
final class KafkaCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing a kafka command: create, status, list, topic, restart, scale, replace or delete");
    }

    static String path(String name) {
        return "/api/v1/kafka/" + ApiClient.segment(name);
    }

    ServiceCommands service() {
        return new ServiceCommands(strata.api(), strata.out, "kafka", "brokers", "broker");
    }

    @Command(name = "create", description = "Create a Kafka cluster; up to 3 brokers are also its controllers, "
            + "above that 3 dedicated controllers run beside them.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        KafkaCommand kafka;
        @Parameters(paramLabel = "NAME", description = "Lower-case letters, digits and '-'.")
        String name;
        @Option(names = "--brokers", description = "Number of brokers (default: 3), each on its own agent.")
        Integer brokers;
        @Option(names = "--broker-cpus", paramLabel = "C", description = "CPUs per broker (default: 1).")
        Double cpus;
        @Option(names = "--broker-mem", paramLabel = "MB", description = "Memory per broker in MB (default: 1024).")
        Long mem;
        @Option(names = "--broker-disk", paramLabel = "MB", description = "Persistent volume per broker in MB (default: 1024).")
        Long disk;
        @Option(names = "--wait", description = "Wait until every broker is ready, showing progress.")
        boolean await;

        @Override
        public Integer call() {
            Checks.positive(kafka.spec, "--brokers", brokers);
            Checks.positive(kafka.spec, "--broker-cpus", cpus);
            Checks.positive(kafka.spec, "--broker-mem", mem);
            Checks.positive(kafka.spec, "--broker-disk", disk);
            ObjectNode body = Json.MAPPER.createObjectNode().put("name", name);
            if (brokers != null) {
                body.put("brokers", brokers);
            }
            if (cpus != null) {
                body.put("brokerCpus", cpus);
            }
            if (mem != null) {
                body.put("brokerMem", mem);
            }
            if (disk != null) {
                body.put("brokerDisk", disk);
            }
            JsonNode s = kafka.service().create(name, body, await);
            if (s != null) {
                kafka.strata.out.println("kafka " + name + " is running; bootstrap servers: " + s.path("bootstrap").asText());
            }
            return 0;
        }
    }

    @Command(name = "status", description = "Show a Kafka cluster: state, bootstrap servers, and each broker.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        KafkaCommand kafka;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--json", description = "Print the API's JSON (.bootstrap, .brokers[] with id, state, agentId, taskId, host, port).")
        boolean json;

        @Override
        public Integer call() {
            JsonNode s = kafka.service().status(name);
            if (json) {
                kafka.strata.out.println(Json.pretty(s));
                return 0;
            }
            kafka.strata.out.println("kafka " + name + "  " + s.path("state").asText()
                    + (s.path("reason").asText().isEmpty() ? "" : "  (" + s.path("reason").asText() + ")"));
            kafka.strata.out.println("bootstrap  " + s.path("bootstrap").asText());
            if (!s.path("operation").asText().isEmpty()) {
                kafka.strata.out.println("operation  " + s.path("operation").asText());
            }
            Table t = new Table("BROKER", "STATE", "AGENT", "HOST", "PORT", "TASK", "RESTARTS", "REASON");
            for (JsonNode b : s.path("brokers")) {
                t.row(b.path("id").asText(), b.path("state").asText(), Table.cell(b.path("agentId")),
                        Table.cell(b.path("host")), Table.cell(b.path("port")), Table.cell(b.path("taskId")),
                        b.path("restarts").asText(), b.path("reason").asText());
            }
            for (JsonNode b : s.path("controllers")) {
                t.row(b.path("id").asText() + " (controller)", b.path("state").asText(), Table.cell(b.path("agentId")),
                        Table.cell(b.path("host")), Table.cell(b.path("port")), Table.cell(b.path("taskId")),
                        b.path("restarts").asText(), b.path("reason").asText());
            }
            kafka.strata.out.print(t.render());
            return 0;
        }
    }

    @Command(name = "list", description = "List Kafka clusters.")
    static final class ListAll implements Callable<Integer> {
        @ParentCommand
        KafkaCommand kafka;
        @Option(names = "--json", description = "Print the API's JSON array.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode all = kafka.service().list();
            if (json) {
                kafka.strata.out.println(Json.pretty(all));
                return 0;
            }
            Table t = new Table("NAME", "STATE", "BROKERS", "BOOTSTRAP");
            for (JsonNode s : all) {
                t.row(s.path("name").asText(), s.path("state").asText(), Integer.toString(s.path("brokers").size()),
                        s.path("bootstrap").asText());
            }
            kafka.strata.out.print(t.render());
            return 0;
        }
    }

    @Command(name = "restart", description = "Rolling restart: one broker at a time, each back and ready before the next.")
    static final class Restart implements Callable<Integer> {
        @ParentCommand
        KafkaCommand kafka;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            kafka.service().restart(name);
            return 0;
        }
    }

    @Command(name = "scale", description = "Add brokers (scaling down is not supported).")
    static final class Scale implements Callable<Integer> {
        @ParentCommand
        KafkaCommand kafka;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--brokers", required = true, description = "The new number of brokers.")
        int brokers;

        @Override
        public Integer call() {
            Checks.positive(kafka.spec, "--brokers", brokers);
            kafka.service().scale(name, "brokers", brokers);
            return 0;
        }
    }

    @Command(name = "replace", description = "Move a broker to another agent with a fresh volume; it catches up from its peers.")
    static final class Replace implements Callable<Integer> {
        @ParentCommand
        KafkaCommand kafka;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "BROKER_ID")
        String brokerId;

        @Override
        public Integer call() {
            kafka.service().replace(name, brokerId);
            return 0;
        }
    }

    @Command(name = "delete", description = "Stop every broker, destroy their volumes and give every resource back.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        KafkaCommand kafka;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            kafka.service().delete(name);
            return 0;
        }
    }
}
