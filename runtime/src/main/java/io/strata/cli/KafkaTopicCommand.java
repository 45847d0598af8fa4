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

@Command(name = "topic", description = "Create, list and delete topics of a Kafka cluster.",
        subcommands = {KafkaTopicCommand.Create.class, KafkaTopicCommand.ListTopics.class, KafkaTopicCommand.Delete.class})
final class KafkaTopicCommand implements Callable<Integer> {

    @ParentCommand
    KafkaCommand kafka;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing a topic command: create, list or delete");
    }

    @Command(name = "create", description = "Create a topic.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        KafkaTopicCommand topic;
        @Parameters(index = "0", paramLabel = "NAME", description = "The Kafka cluster.")
        String name;
        @Parameters(index = "1", paramLabel = "TOPIC")
        String topicName;
        @Option(names = "--partitions", paramLabel = "P", description = "Partitions (default: 1).")
        Integer partitions;
        @Option(names = "--replication", paramLabel = "R", description = "Replicas per partition (default: min(3, brokers)).")
        Integer replication;

        @Override
        public Integer call() {
            Checks.positive(topic.spec, "--partitions", partitions);
            Checks.positive(topic.spec, "--replication", replication);
            ObjectNode body = Json.MAPPER.createObjectNode().put("topic", topicName);
            if (partitions != null) {
                body.put("partitions", partitions);
            }
            if (replication != null) {
                body.put("replication", replication);
            }
            JsonNode t = topic.kafka.strata.api().post(KafkaCommand.path(name) + "/topics", body);
            topic.kafka.strata.out.println("Created topic " + topicName + " (" + t.path("partitions").asInt()
                    + " partitions, replication " + t.path("replication").asInt() + ").");
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
            JsonNode all = topic.kafka.strata.api().get(KafkaCommand.path(name) + "/topics");
            if (json) {
                topic.kafka.strata.out.println(Json.pretty(all));
                return 0;
            }
            Table t = new Table("TOPIC", "PARTITIONS", "REPLICATION");
            for (JsonNode n : all) {
                t.row(n.path("name").asText(), n.path("partitions").asText(), n.path("replication").asText());
            }
            topic.kafka.strata.out.print(t.render());
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

        @Override
        public Integer call() {
            topic.kafka.strata.api().delete(KafkaCommand.path(name) + "/topics/" + ApiClient.segment(topicName));
            topic.kafka.strata.out.println("Deleted topic " + topicName + ".");
            return 0;
        }
    }
}
