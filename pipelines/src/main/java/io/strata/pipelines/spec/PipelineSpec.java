package io.strata.pipelines.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * A pipeline file after parsing and validation: every reference checked, every file read (jars
 * are paths on the machine that read the file; schema files are inlined as CQL text).
 *
 * <p>Maps keep the file's order (services provision in parallel but are listed in file order).
 *
 * @param name     [a-z][a-z0-9-]{0,29}: also the prefix of the services it creates
 * @param services by key (the name references use: {@code ${kafka.bootstrap}})
 * @param jobs     by key
 * @param sources  by key
 * @param checks   what {@code strata run} verifies once the pipeline has drained
 * @param written  optional CQL progress query whose single numeric value is the events written so far
 */
public record PipelineSpec(String name, Map<String, ServiceSpec> services, Map<String, JobSpec> jobs,
                           Map<String, SourceSpec> sources, List<CheckSpec> checks, WrittenSpec written,
                           @com.fasterxml.jackson.annotation.JsonInclude(
                                   com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String group,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, AppSpec> apps) {

    /** A pipeline without apps. */
    public PipelineSpec(String name, Map<String, ServiceSpec> services, Map<String, JobSpec> jobs,
                        Map<String, SourceSpec> sources, List<CheckSpec> checks, WrittenSpec written, String group) {
        this(name, services, jobs, sources, checks, written, group, Map.of());
    }

    /** A pipeline of no named group: the caller's token's group, else the default group. */
    public PipelineSpec(String name, Map<String, ServiceSpec> services, Map<String, JobSpec> jobs,
                        Map<String, SourceSpec> sources, List<CheckSpec> checks, WrittenSpec written) {
        this(name, services, jobs, sources, checks, written, null);
    }

    /** The same pipeline in {@code newGroup}. */
    public PipelineSpec withGroup(String newGroup) {
        return new PipelineSpec(name, services, jobs, sources, checks, written, newGroup, apps);
    }

    public PipelineSpec {
        services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
        jobs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(jobs));
        sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
        checks = List.copyOf(checks);
        apps = apps == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(apps));
    }

    /** Service types a pipeline can run. */
    public enum ServiceType { KAFKA, CASSANDRA;
        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A Kafka or Cassandra service of the pipeline.
     *
     * @param key      the key in the file (references use it)
     * @param type     kafka or cassandra (may be omitted in the file when the key is "kafka" or "cassandra")
     * @param existing the name of an already running service to use instead of creating one (never deleted by stop)
     * @param config   the create request's settings: kafka brokers, brokerCpus, brokerMem (MB), brokerDisk (MB);
     *                 cassandra nodes, nodeCpus, nodeMem (MB), nodeDisk (MB). Only keys the file gave.
     * @param topics   kafka only
     * @param schema   cassandra only: CQL text (inline or read from the file named by 'schema'), or null
     */
    public record ServiceSpec(String key, ServiceType type, String existing, Map<String, Number> config,
                              List<TopicSpec> topics, String schema) {
        public ServiceSpec {
            config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
            topics = List.copyOf(topics);
        }

        /** The name of the service in the cluster: the existing one, or "&lt;pipeline&gt;-&lt;key&gt;". */
        public String serviceName(String pipeline) {
            return existing != null ? existing : pipeline + "-" + key;
        }
    }

    public record TopicSpec(String name, int partitions, int replication) {
    }

    public enum JobKind { STREAMING, BATCH }

    /**
     * A Spark application run in cluster mode.
     *
     * @param jar          absolute path of the application jar (on the machine that read the file)
     * @param minExecutors equal to maxExecutors for a fixed number
     * @param input        for streaming jobs: "&lt;kafka key&gt;/&lt;topic&gt;", the topic whose consumer-group lag
     *                     measures progress (the job commits offsets to group {@code ${job.group}}); may be null
     * @param after        source keys that must finish before this job starts (batch jobs reading a finite input)
     * @param args         may contain ${...} references, resolved when the job starts
     * @param conf         Spark settings, values may contain references
     * @param checkpointMb for streaming jobs: the size of the persistent volume beside the driver that holds
     *                     its checkpoint ({@code ${job.checkpoint}}); 0 for batch jobs (and records saved before
     *                     it existed, which get {@link #DEFAULT_CHECKPOINT_MB})
     */
    public record JobSpec(String key, JobKind kind, String mainClass, String jar, int minExecutors, int maxExecutors,
                          Integer executorCores, Long executorMemoryMb, long driverMemoryMb, Map<String, String> conf,
                          List<String> args, String input, List<String> after,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) long checkpointMb) {
        public static final long DEFAULT_CHECKPOINT_MB = 1024;

        public JobSpec {
            conf = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(conf));
            args = List.copyOf(args);
            after = List.copyOf(after);
        }

        public JobSpec(String key, JobKind kind, String mainClass, String jar, int minExecutors, int maxExecutors,
                       Integer executorCores, Long executorMemoryMb, long driverMemoryMb, Map<String, String> conf,
                       List<String> args, String input, List<String> after) {
            this(key, kind, mainClass, jar, minExecutors, maxExecutors, executorCores, executorMemoryMb, driverMemoryMb,
                    conf, args, input, after, kind == JobKind.STREAMING ? DEFAULT_CHECKPOINT_MB : 0);
        }
    }

    /**
     * A source writing to a Kafka topic: the built-in sensor simulator ({@code sensor-simulator}) or MQTT
     * device simulator ({@code mqtt-devices}), both finite tasks, or an ingest endpoint devices send to
     * ({@code mqtt}: an MQTT broker bridged to Kafka; {@code http}: JSON events over HTTP), each an app.
     *
     * @param kafka   the key of the kafka service (for mqtt-devices: its mqtt source's)
     * @param topic   the topic written to (for mqtt-devices: its mqtt source's)
     * @param sensors sensors, or devices of mqtt-devices; 0 for mqtt and http
     * @param events  total events (for mqtt-devices: devices × messages per device); null with a rate means
     *                "until stopped"
     * @param rate    events per second at most; null = as fast as possible
     * @param mqtt    for mqtt-devices: the key of the mqtt source the devices publish to, else null
     * @param port    for mqtt and http: the port asked for on the agent, null for any offered one
     * @param options more command-line options of the program, by name without "--"
     */
    public record SourceSpec(String key, String type, String kafka, String topic, int sensors, Long events,
                             Integer rate, long seed, @JsonInclude(JsonInclude.Include.NON_NULL) String mqtt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Integer port,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> options) {

        public static final String SENSOR_SIMULATOR = "sensor-simulator";
        public static final String MQTT = "mqtt";
        public static final String HTTP = "http";
        public static final String MQTT_DEVICES = "mqtt-devices";

        public SourceSpec {
            options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        }

        /** A sensor simulator. */
        public SourceSpec(String key, String type, String kafka, String topic, int sensors, Long events, Integer rate,
                          long seed) {
            this(key, type, kafka, topic, sensors, events, rate, seed, null, null, Map.of());
        }

        /** Whether it runs as an app (an endpoint devices send to) rather than a finite task. */
        public boolean endpoint() {
            return MQTT.equals(type) || HTTP.equals(type);
        }
    }

    /**
     * An app the pipeline runs beside its services (the file's {@code apps}).
     *
     * @param definition the entry as written (an app file's settings without name and group), as plain values;
     *                   texts may hold references such as {@code ${kafka.bootstrap}}, resolved when it starts
     * @param ports      its named ports, in order ({@code ${key.endpoints.<port>}})
     */
    public record AppSpec(String key, Map<String, Object> definition, List<String> ports) {
        public AppSpec {
            definition = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(definition));
            ports = List.copyOf(ports);
        }
    }

    /**
     * A CQL query checked after draining.
     *
     * @param expect a comparison chain over the result's columns, numbers and references, e.g.
     *               {@code total == ${events.produced}} or {@code min <= avg <= max}; it must hold on every row
     *               (and there must be at least one row)
     */
    public record CheckSpec(String name, String cassandra, String cql, String expect) {
    }

    /** A query whose single numeric value is the count of events written so far. */
    public record WrittenSpec(String cassandra, String cql) {
    }
}
