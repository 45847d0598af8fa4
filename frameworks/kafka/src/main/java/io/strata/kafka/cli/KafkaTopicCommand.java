package io.strata.kafka.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.Json;
import io.strata.cli.spi.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "topic", description = "Create, list and delete topics of a Kafka cluster.",
        subcommands = {KafkaTopicCommand.Create.class, KafkaTopicCommand.ListTopics.class, KafkaTopicCommand.Delete.class})
final class KafkaTopicCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    KafkaTopicCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing a topic command: create, list or delete");
    }

    private static String topics(String name) {
        return KafkaCliPlugin.KAFKA.path(name) + "/topics";
    }

    /** The API's answer as JSON, or the sentence for people. */
    private void print(boolean json, JsonNode answer, String sentence) {
        context.out().println(json ? Json.pretty(answer) : sentence);
    }

    @Command(name = "create", description = "Create a topic.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        KafkaTopicCommand topic;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "The Kafka cluster.")
        String name;
        @Parameters(index = "1", paramLabel = "TOPIC")
        String topicName;
        @Option(names = "--partitions", paramLabel = "P", description = "Partitions (default: 1).")
        Integer partitions;
        @Option(names = "--replication", paramLabel = "R", description = "Replicas per partition (default: min(3, brokers)).")
        Integer replication;
        @Option(names = "--json", description = "Print the API's answer (topic, partitions, replication).")
        boolean json;

        @Override
        public Integer call() {
            Checks.positive(spec, "--partitions", partitions);
            Checks.positive(spec, "--replication", replication);
            ObjectNode body = Json.MAPPER.createObjectNode().put("topic", topicName);
            if (partitions != null) {
                body.put("partitions", partitions);
            }
            if (replication != null) {
                body.put("replication", replication);
            }
            JsonNode created = topic.context.api().post(topics(name), body);
            topic.print(json, created, "Created topic " + topicName + " (" + created.path("partitions").asInt()
                    + " partitions, replication " + created.path("replication").asInt() + ").");
            return 0;
        }
    }

    @Command(name = "list", description = "List topics.")
    static final class ListTopics implements Callable<Integer> {
        @ParentCommand
        KafkaTopicCommand topic;
        @Parameters(paramLabel = "NAME", description = "The Kafka cluster.")
        String name;
        @Option(names = "--json", description = "Print the API's JSON array.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode all = topic.context.api().get(topics(name));
            if (json) {
                topic.context.out().println(Json.pretty(all));
                return 0;
            }
            Table table = new Table("TOPIC", "PARTITIONS", "REPLICATION");
            for (JsonNode t : all) {
                table.row(t.path("name").asText(), t.path("partitions").asText(), t.path("replication").asText());
            }
            topic.context.out().print(table.render());
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a topic and its data.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        KafkaTopicCommand topic;
        @Parameters(index = "0", paramLabel = "NAME", description = "The Kafka cluster.")
        String name;
        @Parameters(index = "1", paramLabel = "TOPIC")
        String topicName;
        @Option(names = "--json", description = "Print the API's answer ({\"deleted\": TOPIC}).")
        boolean json;

        @Override
        public Integer call() {
            JsonNode deleted = topic.context.api().delete(topics(name) + "/" + ApiClient.segment(topicName));
            topic.print(json, deleted, "Deleted topic " + topicName + ".");
            return 0;
        }
    }
}
