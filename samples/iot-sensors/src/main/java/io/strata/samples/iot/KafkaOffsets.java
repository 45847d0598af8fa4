package io.strata.samples.iot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Kafka offsets as Spark's Kafka source writes them ({@code {"topic":{"0":123,"1":45}}}) and as a
 * consumer group's committed position, which is how Strata measures a job's lag.
 */
final class KafkaOffsets {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 30;

    private KafkaOffsets() {
    }

    /** Parses the Kafka source's offset JSON; an empty map for anything else. */
    static Map<TopicPartition, Long> parse(String json) {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return offsets;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            return offsets;
        }
        if (root == null || !root.isObject()) {
            return offsets;
        }
        for (Iterator<Map.Entry<String, JsonNode>> topics = root.fields(); topics.hasNext(); ) {
            Map.Entry<String, JsonNode> topic = topics.next();
            if (!topic.getValue().isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> parts = topic.getValue().fields(); parts.hasNext(); ) {
                Map.Entry<String, JsonNode> part = parts.next();
                if (part.getKey().matches("\\d+") && part.getValue().canConvertToLong()) {
                    offsets.put(new TopicPartition(topic.getKey(), Integer.parseInt(part.getKey())),
                            part.getValue().asLong());
                }
            }
        }
        return offsets;
    }

    /** The same JSON shape, e.g. for the {@code endingOffsets} option of a batch read. */
    static String json(Map<TopicPartition, Long> offsets) {
        Map<String, Map<String, Long>> byTopic = new TreeMap<>();
        offsets.forEach((tp, offset) ->
                byTopic.computeIfAbsent(tp.topic(), t -> new TreeMap<>()).put(Integer.toString(tp.partition()), offset));
        try {
            return JSON.writeValueAsString(byTopic);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code offsets} go past {@code than} in some partition (a partition {@code than} lacks counts as past). */
    static boolean isAhead(Map<TopicPartition, Long> offsets, Map<TopicPartition, Long> than) {
        return offsets.entrySet().stream().anyMatch(e -> e.getValue() > than.getOrDefault(e.getKey(), -1L));
    }

    /** The total of the offsets: events before them in a topic that starts at offset 0. */
    static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "strata-iot-sensors-offsets");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        return Admin.create(props);
    }

    /** Each partition's log end offset, read now. */
    static Map<TopicPartition, Long> latest(Admin admin, String topic) throws ExecutionException, InterruptedException,
            TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> latest = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
        admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((tp, info) -> latest.put(tp, info.offset()));
        return latest;
    }

    /** Sets consumer group {@code group}'s committed offsets (the group must have no active members). */
    static void commit(Admin admin, String group, Map<TopicPartition, Long> offsets) throws ExecutionException,
            InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = offsets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        admin.alterConsumerGroupOffsets(group, committed).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
