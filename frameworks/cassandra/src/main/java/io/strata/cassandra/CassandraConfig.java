package io.strata.cassandra;

import io.strata.service.ConfigValues;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Cassandra service's settings, checked, as kept in its service record. */
record CassandraConfig(int nodes, double nodeCpus, long nodeMemMb, long nodeDiskMb) {

    static CassandraConfig parse(Map<String, String> map) {
        ConfigValues c = new ConfigValues(map);
        int nodes = c.intValue("nodes", 1);
        if (nodes < 1) {
            throw new IllegalArgumentException("nodes must be at least 1, got " + nodes);
        }
        double cpus = c.doubleValue("nodeCpus", 1.0);
        if (!(cpus > 0)) {
            throw new IllegalArgumentException("node cpus must be greater than 0, got " + cpus);
        }
        long mem = c.longValue("nodeMem", 2048);
        if (mem < 1024) {
            throw new IllegalArgumentException("node memory must be at least 1024 MB (heap plus Cassandra's off-heap"
                    + " memory), got " + mem);
        }
        long disk = c.longValue("nodeDisk", 2048);
        if (disk < 256) {
            throw new IllegalArgumentException("node disk must be at least 256 MB, got " + disk);
        }
        return new CassandraConfig(nodes, cpus, mem, disk);
    }

    Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("nodes", Integer.toString(nodes));
        m.put("nodeCpus", Double.toString(nodeCpus));
        m.put("nodeMem", Long.toString(nodeMemMb));
        m.put("nodeDisk", Long.toString(nodeDiskMb));
        return m;
    }

    CassandraConfig withNodes(int n) {
        return new CassandraConfig(n, nodeCpus, nodeMemMb, nodeDiskMb);
    }
}
