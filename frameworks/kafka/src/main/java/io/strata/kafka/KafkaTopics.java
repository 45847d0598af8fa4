package io.strata.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Topics of a running Kafka service, through Kafka's Admin client. */
final class KafkaTopics {

    /** A user error (bad topic request) as opposed to a cluster that does not answer. */
    static final class TopicException extends RuntimeException {
        final int status;

        TopicException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    record TopicInfo(String name, int partitions, int replication) {
    }

    private KafkaTopics() {
    }

    static void create(String bootstrap, int brokers, String topic, int partitions, int replication) {
        if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new TopicException(400, "topic name '" + topic + "' may only hold letters, digits, '.', '_' and '-'");
        }
        if (partitions < 1) {
            throw new TopicException(400, "partitions must be at least 1, got " + partitions);
        }
        if (replication < 1 || replication > brokers) {
            throw new TopicException(400, "replication " + replication + " must be between 1 and the service's "
                    + brokers + " broker(s)");
        }
        try (Admin admin = Admin.create(KafkaNode.adminProps(bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replication))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                throw new TopicException(409, "topic '" + topic + "' already exists");
            }
            throw new TopicException(502, "Kafka refused to create topic '" + topic + "': " + e.getCause().getMessage());
        } catch (Exception e) {
            throw new TopicException(503, "Kafka did not answer: " + e.getMessage());
        }
    }

    static List<TopicInfo> list(String bootstrap) {
        try (Admin admin = Admin.create(KafkaNode.adminProps(bootstrap))) {
            var names = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            Map<String, TopicDescription> d = new TreeMap<>(admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS));
            List<TopicInfo> out = new ArrayList<>();
            d.forEach((name, t) -> out.add(new TopicInfo(name, t.partitions().size(),
                    t.partitions().isEmpty() ? 0 : t.partitions().get(0).replicas().size())));
            return out;
        } catch (Exception e) {
            throw new TopicException(503, "Kafka did not answer: " + e.getMessage());
        }
    }

    static void delete(String bootstrap, String topic) {
        try (Admin admin = Admin.create(KafkaNode.adminProps(bootstrap))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new TopicException(404, "no topic named '" + topic + "'");
            }
            throw new TopicException(502, "Kafka refused to delete topic '" + topic + "': " + e.getCause().getMessage());
        } catch (Exception e) {
            throw new TopicException(503, "Kafka did not answer: " + e.getMessage());
        }
    }
}
