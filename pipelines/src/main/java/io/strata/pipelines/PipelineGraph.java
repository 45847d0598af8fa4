package io.strata.pipelines;

import io.strata.pipelines.spec.PipelineSpec;
import io.strata.pipelines.spec.PipelineSpec.JobSpec;
import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;
import io.strata.pipelines.spec.PipelineSpec.ServiceType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pipeline as a graph of its elements for the dashboard: sources → the Kafka topics they write →
 * the Spark jobs reading them → the Cassandra tables they write, each with its state and reason.
 * Node ids: {@code source:<key>}, {@code topic:<kafka key>/<topic>}, {@code job:<key>},
 * {@code table:<cassandra key>/<keyspace.table>}. Pure: built from the spec and the saved record.
 *
 * <p>Which job writes which table is not in the file: a job is linked to every table of each
 * Cassandra service it references. Tables are the schema's CREATE TABLEs plus those the checks and
 * the 'written' query read (a job against an existing service creates its own tables). A job that
 * names no input but references a Kafka service is linked from every topic of that service.
 */
final class PipelineGraph {

    /** APP: an entry of {@code apps:} (an mqtt/http source app is a SOURCE); drawn beside the sources. */
    enum Kind { SOURCE, TOPIC, JOB, TABLE, APP }

    /** {@code service}: the key of the service the element lives in (topics, tables), else null. */
    record Node(String id, Kind kind, String label, String state, String reason, String service) {
    }

    record Edge(String from, String to) {
    }

    record Graph(List<Node> nodes, List<Edge> edges) {
    }

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?i)\\bCREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([\\w\"]+(?:\\s*\\.\\s*[\\w\"]+)?)");
    private static final Pattern USE = Pattern.compile("(?i)\\bUSE\\s+([\\w\"]+)\\s*;");
    private static final Pattern FROM = Pattern.compile("(?i)\\bFROM\\s+([\\w\"]+(?:\\s*\\.\\s*[\\w\"]+)?)");

    private PipelineGraph() {
    }

    static Graph of(PipelineRecord r) {
        PipelineSpec spec = r.spec();
        Map<String, Node> nodes = new LinkedHashMap<>();
        Set<Edge> edges = new LinkedHashSet<>();
        Map<String, Set<String>> topicsOf = new LinkedHashMap<>();
        Map<String, Set<String>> tablesOf = new LinkedHashMap<>();
        for (ServiceSpec s : spec.services().values()) {
            if (s.type() == ServiceType.KAFKA) {
                Set<String> topics = topicsOf.computeIfAbsent(s.key(), k -> new LinkedHashSet<>());
                s.topics().forEach(t -> topics.add(t.name()));
            } else {
                tablesOf.computeIfAbsent(s.key(), k -> new LinkedHashSet<>()).addAll(createdTables(s.schema()));
            }
        }
        spec.sources().values().forEach(src -> topicsOf.computeIfAbsent(src.kafka(), k -> new LinkedHashSet<>())
                .add(src.topic()));
        for (JobSpec j : spec.jobs().values()) {
            if (j.input() != null) {
                topicsOf.computeIfAbsent(kafkaOf(j.input()), k -> new LinkedHashSet<>()).add(topicOf(j.input()));
            }
        }
        spec.checks().forEach(c -> tablesOf.computeIfAbsent(c.cassandra(), k -> new LinkedHashSet<>())
                .addAll(readTables(c.cql())));
        if (spec.written() != null) {
            tablesOf.computeIfAbsent(spec.written().cassandra(), k -> new LinkedHashSet<>())
                    .addAll(readTables(spec.written().cql()));
        }

        for (SourceRecord s : r.sources().values()) {
            PipelineSpec.SourceSpec src = spec.sources().get(s.key());
            nodes.put(sourceId(s.key()), new Node(sourceId(s.key()), Kind.SOURCE, s.key() + " (" + s.type() + ")",
                    s.state().name(), s.reason(), null));
            edges.add(new Edge(sourceId(s.key()), topicId(src.kafka(), src.topic())));
        }
        for (AppRecord a : r.apps().values()) {
            if (a.source()) {
                PipelineSpec.SourceSpec src = spec.sources().get(a.key());
                nodes.put(sourceId(a.key()), new Node(sourceId(a.key()), Kind.SOURCE, a.key() + " (" + src.type() + ")",
                        a.state(), a.reason(), null));
                edges.add(new Edge(sourceId(a.key()), topicId(src.kafka(), src.topic())));
            } else {
                nodes.put(appId(a.key()), new Node(appId(a.key()), Kind.APP, a.key() + " (app)", a.state(), a.reason(),
                        null));
            }
        }
        topicsOf.forEach((kafka, topics) -> topics.forEach(t -> nodes.put(topicId(kafka, t),
                topic(r.services().get(kafka), kafka, t))));
        for (JobRecord j : r.jobs().values()) {
            JobSpec js = spec.jobs().get(j.key());
            nodes.put(jobId(j.key()), new Node(jobId(j.key()), Kind.JOB, j.key() + " (" + j.kind() + ")",
                    j.state().name(), j.reason(), null));
            Set<String> referenced = SparkJobStage.services(js, spec.services().keySet());
            if (js.input() != null) {
                edges.add(new Edge(topicId(kafkaOf(js.input()), topicOf(js.input())), jobId(j.key())));
            }
            for (String key : referenced) {
                if (js.input() == null && topicsOf.containsKey(key)) {
                    topicsOf.get(key).forEach(t -> edges.add(new Edge(topicId(key, t), jobId(j.key()))));
                }
                tablesOf.getOrDefault(key, Set.of()).forEach(t -> edges.add(new Edge(jobId(j.key()), tableId(key, t))));
            }
        }
        tablesOf.forEach((cassandra, tables) -> tables.forEach(t -> nodes.put(tableId(cassandra, t),
                table(r.services().get(cassandra), cassandra, t))));
        return new Graph(List.copyOf(nodes.values()), List.copyOf(edges));
    }

    /** A topic is as ready as its Kafka service, and exists once the pipeline created its topics. */
    private static Node topic(ServiceRecord kafka, String key, String topic) {
        String id = topicId(key, topic);
        if (kafka == null) {
            return new Node(id, Kind.TOPIC, topic, RunState.UNKNOWN.name(), "no service '" + key + "'", key);
        }
        if (kafka.state() == ServiceState.RUNNING && !kafka.topicsReady()) {
            return new Node(id, Kind.TOPIC, topic, RunState.STARTING.name(), "kafka " + kafka.name()
                    + " is running; creating the topic", key);
        }
        return new Node(id, Kind.TOPIC, topic, kafka.state().name(), serviceReason(kafka), key);
    }

    /** A table is as ready as its Cassandra service, and exists once the schema is applied. */
    private static Node table(ServiceRecord cassandra, String key, String table) {
        String id = tableId(key, table);
        if (cassandra == null) {
            return new Node(id, Kind.TABLE, table, RunState.UNKNOWN.name(), "no service '" + key + "'", key);
        }
        if (cassandra.state() == ServiceState.RUNNING && !cassandra.schemaApplied()) {
            return new Node(id, Kind.TABLE, table, RunState.STARTING.name(), "cassandra " + cassandra.name()
                    + " is running; applying the schema", key);
        }
        return new Node(id, Kind.TABLE, table, cassandra.state().name(), serviceReason(cassandra), key);
    }

    private static String serviceReason(ServiceRecord s) {
        String what = s.type() + " " + s.name();
        return s.reason().isBlank() ? what + " is " + s.state().name().toLowerCase(Locale.ROOT) : what + ": " + s.reason();
    }

    /** "keyspace.table" of every CREATE TABLE, a bare table taking the keyspace of the USE before it. */
    static List<String> createdTables(String cql) {
        List<String> out = new ArrayList<>();
        if (cql == null) {
            return out;
        }
        String keyspace = null;
        for (String statement : cql.split(";")) {
            Matcher use = USE.matcher(statement + ";");
            if (use.find() && use.start() == leadingBlanks(statement)) {
                keyspace = unquote(use.group(1));
                continue;
            }
            Matcher m = CREATE_TABLE.matcher(statement);
            if (m.find()) {
                out.add(qualified(m.group(1), keyspace));
            }
        }
        return out;
    }

    /** "keyspace.table" of every FROM in a query (bare names as written). */
    static List<String> readTables(String cql) {
        List<String> out = new ArrayList<>();
        Matcher m = FROM.matcher(cql == null ? "" : cql);
        while (m.find()) {
            out.add(qualified(m.group(1), null));
        }
        return out;
    }

    private static int leadingBlanks(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String qualified(String name, String keyspace) {
        String n = unquote(name.replaceAll("\\s+", ""));
        return n.contains(".") || keyspace == null ? n : keyspace + "." + n;
    }

    private static String unquote(String s) {
        return s.replace("\"", "");
    }

    static String sourceId(String key) {
        return "source:" + key;
    }

    static String appId(String key) {
        return "app:" + key;
    }

    static String topicId(String kafka, String topic) {
        return "topic:" + kafka + "/" + topic;
    }

    static String jobId(String key) {
        return "job:" + key;
    }

    static String tableId(String cassandra, String table) {
        return "table:" + cassandra + "/" + table;
    }

    private static String kafkaOf(String input) {
        return input.substring(0, input.indexOf('/'));
    }

    private static String topicOf(String input) {
        return input.substring(input.indexOf('/') + 1);
    }
}
