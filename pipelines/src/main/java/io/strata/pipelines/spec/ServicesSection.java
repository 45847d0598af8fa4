package io.strata.pipelines.spec;

import io.strata.spec.Suggestions;
import io.strata.spec.YamlMapping;

import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;
import io.strata.pipelines.spec.PipelineSpec.ServiceType;
import io.strata.pipelines.spec.PipelineSpec.TopicSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The {@code services} of a pipeline file: Kafka and Cassandra clusters to create or reuse. */
final class ServicesSection {

    static final String TOPIC_NAME_RULE = "use 1 to 249 letters, digits, '.', '_' and '-' (but not '.' or '..')";

    private static final List<String> KAFKA_KEYS =
            List.of("type", "existing", "brokers", "brokerCpus", "brokerMem", "brokerDisk", "topics");
    private static final List<String> CASSANDRA_KEYS =
            List.of("type", "existing", "nodes", "nodeCpus", "nodeMem", "nodeDisk", "schema");
    private static final List<String> TOPIC_KEYS = List.of("name", "partitions", "replication");
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern EXISTING_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");
    private static final int MAX_MEMBERS = 9;
    private static final long MIN_KAFKA_MEM_MB = 384;
    private static final long MIN_CASSANDRA_MEM_MB = 1024;
    private static final long MIN_DISK_MB = 64;

    private ServicesSection() {
    }

    static boolean isTopicName(String name) {
        return TOPIC_NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /** The services whose type is known, in file order (a service with problems may be partial). */
    static Map<String, ServiceSpec> read(YamlMapping services, Path baseDir) {
        Map<String, ServiceSpec> read = new LinkedHashMap<>();
        if (services == null) {
            return read;
        }
        for (YamlMapping.Entry e : services.entries()) {
            YamlMapping m = YamlMapping.of(e, services.child(e.key()), services.problems(),
                    "a mapping of the service's settings, e.g. {type: kafka, brokers: 1}");
            ServiceSpec spec = m == null ? null : service(e.key(), m, baseDir);
            if (spec != null) {
                read.put(e.key(), spec);
            }
        }
        return read;
    }

    private static ServiceSpec service(String key, YamlMapping m, Path baseDir) {
        ServiceType type = type(key, m);
        if (type == null) {
            Set<String> all = new LinkedHashSet<>(KAFKA_KEYS);
            all.addAll(CASSANDRA_KEYS);
            m.allowOnly(all);
            return null;
        }
        boolean kafka = type == ServiceType.KAFKA;
        List<String> own = kafka ? KAFKA_KEYS : CASSANDRA_KEYS;
        refuseOtherTypesKeys(m, type, own, kafka ? CASSANDRA_KEYS : KAFKA_KEYS);
        String existing = null;
        if (m.has("existing")) {
            existing = existingName(m);
            for (YamlMapping.Entry e : m.entries()) {
                if (own.contains(e.key()) && !List.of("type", "existing", "topics").contains(e.key())) {
                    m.problems().add(e.keyNode(), m.child(e.key()), "not allowed with 'existing': the running service"
                            + " keeps its own settings; only type" + (kafka ? " and topics" : "") + " may be given");
                }
            }
        }
        Map<String, Number> config = new LinkedHashMap<>();
        List<TopicSpec> topics = List.of();
        String schema = null;
        boolean create = !m.has("existing");
        if (kafka) {
            Integer brokers = create ? members(m, "brokers", config) : null;
            if (create) {
                resources(m, "broker", MIN_KAFKA_MEM_MB, config);
            }
            topics = topics(m, brokers, create);
        } else if (create) {
            members(m, "nodes", config);
            resources(m, "node", MIN_CASSANDRA_MEM_MB, config);
            schema = schema(m, baseDir);
        }
        return new ServiceSpec(key, type, existing, config, topics, schema);
    }

    private static ServiceType type(String key, YamlMapping m) {
        String given = m.text("type");
        if (given == null) {
            if (m.has("type")) {
                return null;
            }
            if (key.equals("kafka") || key.equals("cassandra")) {
                return ServiceType.valueOf(key.toUpperCase(Locale.ROOT));
            }
            m.missing("type", "give kafka or cassandra (it may be left out only when the key is kafka or cassandra)");
            return null;
        }
        for (ServiceType t : ServiceType.values()) {
            if (t.apiName().equals(given)) {
                return t;
            }
        }
        m.problem("type", "'" + given + "' is not a service type" + Suggestions.didYouMean(given,
                List.of("kafka", "cassandra"), "use kafka or cassandra"));
        return null;
    }

    private static void refuseOtherTypesKeys(YamlMapping m, ServiceType type, List<String> own, List<String> other) {
        String otherType = type == ServiceType.KAFKA ? "cassandra" : "kafka";
        for (YamlMapping.Entry e : m.entries()) {
            if (other.contains(e.key()) && !own.contains(e.key())) {
                m.problems().add(e.keyNode(), m.path(), "'" + e.key() + "' is a " + otherType + " setting; a "
                        + type.apiName() + " service takes " + String.join(", ", own));
            }
        }
        m.allowOnly(own, other);
    }

    private static String existingName(YamlMapping m) {
        String name = m.text("existing");
        if (name != null && !EXISTING_NAME.matcher(name).matches()) {
            m.problem("existing", "'" + name + "' is not a service name; use 1 to 41 lowercase letters, digits and"
                    + " '-', starting with a letter or digit");
            return null;
        }
        return name;
    }

    /** brokers or nodes, 1 when not given (the frameworks' own defaults differ, so it is always set). */
    private static Integer members(YamlMapping m, String key, Map<String, Number> config) {
        Integer n = m.has(key) ? m.wholeInt(key, 1, MAX_MEMBERS) : Integer.valueOf(1);
        if (n != null) {
            config.put(key, n);
        }
        return n;
    }

    private static void resources(YamlMapping m, String prefix, long minMemMb, Map<String, Number> config) {
        putIfGiven(config, prefix + "Cpus", m.positive(prefix + "Cpus"));
        putIfGiven(config, prefix + "Mem", m.megabytes(prefix + "Mem", minMemMb));
        putIfGiven(config, prefix + "Disk", m.megabytes(prefix + "Disk", MIN_DISK_MB));
    }

    private static void putIfGiven(Map<String, Number> config, String key, Number value) {
        if (value != null) {
            config.put(key, value);
        }
    }

    /** Replication is checked against brokers only for a service the pipeline creates. */
    private static List<TopicSpec> topics(YamlMapping m, Integer brokers, boolean create) {
        List<Node> items = m.list("topics", "a list of topics, e.g. [{name: readings, partitions: 4}]");
        if (items == null) {
            return List.of();
        }
        List<TopicSpec> topics = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping t = YamlMapping.of(items.get(i), m.child("topics") + "[" + i + "]", m.problems(),
                    "a topic such as {name: readings, partitions: 4, replication: 1}");
            if (t == null) {
                continue;
            }
            t.allowOnly(TOPIC_KEYS);
            String name = t.requiredText("name", "give the topic's name, e.g. readings");
            if (name != null && !isTopicName(name)) {
                t.problem("name", "'" + name + "' is not a Kafka topic name; " + TOPIC_NAME_RULE);
                name = null;
            }
            if (name != null && lines.containsKey(name)) {
                t.problem("name", "topic '" + name + "' is declared twice (first at line " + lines.get(name)
                        + "); give each topic once");
                name = null;
            } else if (name != null) {
                lines.put(name, t.scalar("name").getStartMark().getLine() + 1);
            }
            Integer partitions = t.has("partitions") ? t.wholeInt("partitions", 1, Integer.MAX_VALUE) : Integer.valueOf(1);
            Integer replication = t.has("replication") ? t.wholeInt("replication", 1, Integer.MAX_VALUE)
                    : Integer.valueOf(brokers == null ? 1 : Math.min(3, brokers));
            if (create && brokers != null && replication != null && replication > brokers) {
                t.problem("replication", "replication " + replication + " needs " + replication + " brokers but the"
                        + " service has " + brokers + "; use at most " + brokers + " or raise brokers");
                replication = null;
            }
            if (name != null && partitions != null && replication != null) {
                topics.add(new TopicSpec(name, partitions, replication));
            }
        }
        return topics;
    }

    /** A single-line value ending in ".cql" names a file; anything else is CQL itself. */
    private static String schema(YamlMapping m, Path baseDir) {
        ScalarNode node = m.scalar("schema");
        if (node == null) {
            return null;
        }
        String value = node.getValue().strip();
        if (value.isEmpty()) {
            m.problem("schema", "is empty; give CQL statements or the name of a .cql file");
            return null;
        }
        if (value.endsWith(".cql") && value.indexOf('\n') < 0) {
            return LocalFiles.text(m, "schema", baseDir, "a CQL file");
        }
        return node.getValue();
    }
}
