package io.strata.pipelines;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Progress as Kafka sees it: events produced = the end offsets of a topic (the simulator's
 * producer is idempotent and not transactional, so offsets count records exactly); events processed
 * = the offsets a job committed to its consumer group; lag = the difference.
 */
class KafkaOffsets implements AutoCloseable {

    private final Map<String, Admin> admins = new HashMap<>();

    /** Sum of the topic's end offsets. */
    long endOffsets(String bootstrap, String topic) throws Exception {
        return ends(bootstrap, topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Per partition end offsets. */
    Map<TopicPartition, Long> ends(String bootstrap, String topic) throws Exception {
        Admin admin = admin(bootstrap);
        TopicDescription d = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                .get(10, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        d.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(request).all()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        r.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** Sum of the group's committed offsets on the topic (0 for partitions it has not committed). */
    long committed(String bootstrap, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin(bootstrap).listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long sum = 0;
        for (var e : offsets.entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    private Admin admin(String bootstrap) {
        return admins.computeIfAbsent(bootstrap, b -> {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, b);
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "strata-pipelines");
            return Admin.create(p);
        });
    }

    /** Unwraps the cause of a failed Kafka call into one line. */
    static String message(Exception e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof TimeoutException) {
            return "Kafka did not answer within 10 s";
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        admins.values().forEach(a -> a.close(java.time.Duration.ofSeconds(2)));
        admins.clear();
    }
}
