package io.strata.kafka;

import io.strata.service.ConfigValues;
import org.apache.kafka.common.Uuid;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Kafka service's settings, checked, as kept in its service record.
 *
 * @param combined how many nodes are broker and controller at once (up to 3 brokers: all of them);
 *                 0 means three dedicated controllers
 */
record KafkaConfig(int brokers, double brokerCpus, long brokerMemMb, long brokerDiskMb, int combined,
                   String clusterId) {

    static final int MAX_COMBINED = 3;

    /** Settings for a new service: fills defaults, picks the controller layout and a cluster id. */
    static KafkaConfig create(Map<String, String> given) {
        int brokers = new ConfigValues(given).intValue("brokers", 3);
        int combined = brokers <= MAX_COMBINED ? brokers : 0;
        Map<String, String> all = new LinkedHashMap<>(given);
        all.putIfAbsent("combined", Integer.toString(combined));
        all.putIfAbsent("clusterId", newClusterId());
        return parse(all);
    }

    static KafkaConfig parse(Map<String, String> map) {
        ConfigValues c = new ConfigValues(map);
        int brokers = c.intValue("brokers", 3);
        if (brokers < 1) {
            throw new IllegalArgumentException("brokers must be at least 1, got " + brokers);
        }
        double cpus = c.doubleValue("brokerCpus", 1.0);
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("broker cpus must be greater than 0, got " + cpus);
        }
        long mem = c.longValue("brokerMem", 1024);
        if (mem < 384) {
            throw new IllegalArgumentException("broker memory must be at least 384 MB (a broker's heap and page cache), got " + mem);
        }
        long disk = c.longValue("brokerDisk", 1024);
        if (disk < 64) {
            throw new IllegalArgumentException("broker disk must be at least 64 MB, got " + disk);
        }
        int combined = c.intValue("combined", Math.min(brokers, MAX_COMBINED));
        String clusterId = c.string("clusterId", null);
        return new KafkaConfig(brokers, cpus, mem, disk, combined, clusterId != null ? clusterId : newClusterId());
    }

    Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("brokers", Integer.toString(brokers));
        m.put("brokerCpus", Double.toString(brokerCpus));
        m.put("brokerMem", Long.toString(brokerMemMb));
        m.put("brokerDisk", Long.toString(brokerDiskMb));
        m.put("combined", Integer.toString(combined));
        m.put("clusterId", clusterId);
        return m;
    }

    KafkaConfig withBrokers(int n) {
        return new KafkaConfig(n, brokerCpus, brokerMemMb, brokerDiskMb, combined, clusterId);
    }

    boolean dedicatedControllers() {
        return combined == 0;
    }

    /**
     * Kafka's own generator, the one {@code kafka-storage random-uuid} uses: its ids never start with
     * '-', which the storage format command would take for an option (the brokers would never start).
     */
    private static String newClusterId() {
        return Uuid.randomUuid().toString();
    }
}
