package io.strata.pipelines.spec;

import static io.strata.pipelines.spec.SpecFixtures.jar;
import static io.strata.pipelines.spec.SpecFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.pipelines.spec.PipelineSpec.CheckSpec;
import io.strata.pipelines.spec.PipelineSpec.JobKind;
import io.strata.pipelines.spec.PipelineSpec.JobSpec;
import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;
import io.strata.pipelines.spec.PipelineSpec.ServiceType;
import io.strata.pipelines.spec.PipelineSpec.SourceSpec;
import io.strata.pipelines.spec.PipelineSpec.TopicSpec;
import io.strata.pipelines.spec.PipelineSpec.WrittenSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineFileTest {

    private static final String FULL = """
            name: iot-sensors
            description: Readings from simulated sensors, counted per minute
            services:
              kafka:
                brokers: 2
                brokerCpus: 0.5
                brokerMem: 1.5g
                brokerDisk: 768m
                topics:
                  - name: readings
                    partitions: 4
                  - name: alerts
                    replication: 1
              cassandra:
                nodeMem: 2g
                nodeDisk: 4096
                schema: schema.cql
              archive:
                type: kafka
                existing: shared-kafka
                topics:
                  - name: archived
            jobs:
              aggregates:
                kind: streaming
                class: io.strata.samples.iot.ReadingsByMinute
                jar: ../lib/iot-sensors.jar
                executors: 1:4
                executorCores: 2
                executorMemory: 512m
                conf: {spark.sql.shuffle.partitions: 4, spark.speculation: false}
                args: ["--bootstrap", "${kafka.bootstrap}", --group, "${job.group}", 42]
                input: kafka/readings
              report:
                kind: batch
                class: io.strata.samples.iot.Report
                jar: ../lib/iot-sensors.jar
                executors: {min: 2, max: 3}
                driverMemory: 2g
                after: [sensors]
            sources:
              sensors:
                type: sensor-simulator
                kafka: kafka
                topic: readings
                sensors: 20
                events: 20000
                rate: 2000
              replay:
                type: sensor-simulator
                kafka: archive
                topic: anything-goes
                sensors: 5
                rate: 10
                seed: 7
            checks:
              - name: every event counted once
                cql: SELECT sum(count) AS total FROM iot.readings_by_minute
                expect: total == ${events.produced}
              - name: averages in range
                cassandra: cassandra
                cql: |
                  SELECT min, avg, max
                  FROM iot.readings_by_minute
                expect: min <= avg <= max
            written:
              cql: SELECT count(*) FROM iot.readings_by_minute
            """;

    private static final String SCHEMA = "CREATE KEYSPACE IF NOT EXISTS iot WITH replication = "
            + "{'class': 'SimpleStrategy', 'replication_factor': 1};\n";

    @TempDir
    Path dir;

    private PipelineSpec readFull() throws Exception {
        Path jar = jar(dir.resolve("lib/iot-sensors.jar"), "io.strata.samples.iot.ReadingsByMinute",
                "io.strata.samples.iot.Report");
        Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(pipelines.resolve("schema.cql"), SCHEMA);
        Path file = Files.writeString(pipelines.resolve("iot.yaml"), FULL);
        assertThat(jar).exists();
        return PipelineFile.read(file);
    }

    @Test
    void fullFileGivesEveryFieldWithSizesParsedAndOrderKept() throws Exception {
        PipelineSpec spec = readFull();

        assertThat(spec.name()).isEqualTo("iot-sensors");
        assertThat(spec.services()).containsOnlyKeys("kafka", "cassandra", "archive");
        assertThat(spec.services().keySet()).containsExactly("kafka", "cassandra", "archive");
        assertThat(spec.services().get("kafka")).isEqualTo(new ServiceSpec("kafka", ServiceType.KAFKA, null,
                Map.of("brokers", 2, "brokerCpus", 0.5, "brokerMem", 1536L, "brokerDisk", 768L),
                List.of(new TopicSpec("readings", 4, 2), new TopicSpec("alerts", 1, 1)), null));
        assertThat(spec.services().get("kafka").config().keySet())
                .containsExactly("brokers", "brokerCpus", "brokerMem", "brokerDisk");
        assertThat(spec.services().get("cassandra")).isEqualTo(new ServiceSpec("cassandra", ServiceType.CASSANDRA,
                null, Map.of("nodes", 1, "nodeMem", 2048L, "nodeDisk", 4096L), List.of(), SCHEMA));
        assertThat(spec.services().get("archive")).isEqualTo(new ServiceSpec("archive", ServiceType.KAFKA,
                "shared-kafka", Map.of(), List.of(new TopicSpec("archived", 1, 1)), null));
        assertThat(spec.services().get("archive").serviceName(spec.name())).isEqualTo("shared-kafka");
        assertThat(spec.services().get("kafka").serviceName(spec.name())).isEqualTo("iot-sensors-kafka");

        String jar = dir.resolve("lib/iot-sensors.jar").toAbsolutePath().normalize().toString();
        assertThat(spec.jobs().keySet()).containsExactly("aggregates", "report");
        assertThat(spec.jobs().get("aggregates")).isEqualTo(new JobSpec("aggregates", JobKind.STREAMING,
                "io.strata.samples.iot.ReadingsByMinute", jar, 1, 4, 2, 512L, 1024L,
                Map.of("spark.sql.shuffle.partitions", "4", "spark.speculation", "false"),
                List.of("--bootstrap", "${kafka.bootstrap}", "--group", "${job.group}", "42"), "kafka/readings",
                List.of()));
        assertThat(spec.jobs().get("aggregates").conf().keySet())
                .containsExactly("spark.sql.shuffle.partitions", "spark.speculation");
        assertThat(spec.jobs().get("report")).isEqualTo(new JobSpec("report", JobKind.BATCH,
                "io.strata.samples.iot.Report", jar, 2, 3, null, null, 2048L, Map.of(), List.of(), null,
                List.of("sensors")));
        assertThat(Path.of(spec.jobs().get("report").jar())).isAbsolute();

        assertThat(spec.sources().keySet()).containsExactly("sensors", "replay");
        assertThat(spec.sources().get("sensors"))
                .isEqualTo(new SourceSpec("sensors", "sensor-simulator", "kafka", "readings", 20, 20000L, 2000, 1L));
        assertThat(spec.sources().get("replay"))
                .isEqualTo(new SourceSpec("replay", "sensor-simulator", "archive", "anything-goes", 5, null, 10, 7L));

        assertThat(spec.checks()).containsExactly(
                new CheckSpec("every event counted once", "cassandra",
                        "SELECT sum(count) AS total FROM iot.readings_by_minute", "total == ${events.produced}"),
                new CheckSpec("averages in range", "cassandra", "SELECT min, avg, max\nFROM iot.readings_by_minute\n",
                        "min <= avg <= max"));
        assertThat(spec.written()).isEqualTo(new WrittenSpec("cassandra", "SELECT count(*) FROM iot.readings_by_minute"));
    }

    @Test
    void defaultsApplyToAMinimalFile() throws Exception {
        jar(dir.resolve("job.jar"), "com.example.Count");
        PipelineSpec spec = parse("""
                name: minimal
                services:
                  kafka:
                    topics: [{name: in}]
                  cassandra:
                jobs:
                  count:
                    kind: batch
                    class: com.example.Count
                    jar: job.jar
                sources:
                  gen:
                    type: sensor-simulator
                    topic: in
                    sensors: 1
                    events: 10
                """, dir);

        assertThat(spec.services().get("kafka").config()).isEqualTo(Map.of("brokers", 1));
        assertThat(spec.services().get("kafka").topics()).containsExactly(new TopicSpec("in", 1, 1));
        assertThat(spec.services().get("cassandra").config()).isEqualTo(Map.of("nodes", 1));
        assertThat(spec.services().get("cassandra").schema()).isNull();
        JobSpec job = spec.jobs().get("count");
        assertThat(job.minExecutors()).isEqualTo(1);
        assertThat(job.maxExecutors()).isEqualTo(1);
        assertThat(job.executorCores()).isNull();
        assertThat(job.executorMemoryMb()).isNull();
        assertThat(job.driverMemoryMb()).isEqualTo(1024L);
        assertThat(job.conf()).isEmpty();
        assertThat(job.args()).isEmpty();
        assertThat(job.input()).isNull();
        assertThat(job.after()).isEmpty();
        SourceSpec source = spec.sources().get("gen");
        assertThat(source.kafka()).isEqualTo("kafka");
        assertThat(source.rate()).isNull();
        assertThat(source.seed()).isEqualTo(1L);
        assertThat(spec.checks()).isEmpty();
        assertThat(spec.written()).isNull();
    }

    @Test
    void replicationDefaultsToThreeOrTheBrokerCount() throws Exception {
        PipelineSpec spec = parse("""
                name: topics
                services:
                  big: {type: kafka, brokers: 5, topics: [{name: a}]}
                  small: {type: kafka, brokers: 2, topics: [{name: b}]}
                """, dir);

        assertThat(spec.services().get("big").topics()).containsExactly(new TopicSpec("a", 1, 3));
        assertThat(spec.services().get("small").topics()).containsExactly(new TopicSpec("b", 1, 2));
    }

    @Test
    void inlineSchemaIsKeptAsCqlText() throws Exception {
        PipelineSpec spec = parse("""
                name: inline
                services:
                  store:
                    type: cassandra
                    nodes: 3
                    nodeCpus: 2
                    schema: |
                      CREATE KEYSPACE k WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
                      CREATE TABLE k.t (id int PRIMARY KEY);
                """, dir);

        ServiceSpec store = spec.services().get("store");
        assertThat(store.config()).isEqualTo(Map.of("nodes", 3, "nodeCpus", 2.0));
        assertThat(store.schema()).startsWith("CREATE KEYSPACE k").contains("CREATE TABLE k.t");
    }

    @Test
    void executorsAcceptANumberAndCheckMayOmitTheOnlyCassandra() throws Exception {
        jar(dir.resolve("j.jar"), "J");
        PipelineSpec spec = parse("""
                name: fixed
                services:
                  db: {type: cassandra}
                jobs:
                  j: {kind: batch, class: J, jar: j.jar, executors: 3}
                checks:
                  - {name: rows, cql: "SELECT count(*) AS n FROM k.t", expect: "n > 0"}
                """, dir);

        assertThat(spec.jobs().get("j").minExecutors()).isEqualTo(3);
        assertThat(spec.jobs().get("j").maxExecutors()).isEqualTo(3);
        assertThat(spec.checks().get(0).cassandra()).isEqualTo("db");
    }

    @Test
    void streamingJobMayReadAnyTopicOfAnExistingKafka() throws Exception {
        jar(dir.resolve("j.jar"), "a.B");
        PipelineSpec spec = parse("""
                name: reuse
                services:
                  bus: {type: kafka, existing: prod-kafka}
                jobs:
                  j: {kind: streaming, class: a.B, jar: j.jar, input: bus/whatever.topic, args: ["${bus.bootstrap}"]}
                """, dir);

        assertThat(spec.jobs().get("j").input()).isEqualTo("bus/whatever.topic");
        assertThat(spec.services().get("bus").config()).isEmpty();
    }

    @Test
    void byteOrderMarkAndWindowsLineEndingsAreAccepted() throws Exception {
        PipelineSpec spec = parse("\uFEFFname: crlf\r\nservices:\r\n  kafka:\r\n", dir);

        assertThat(spec.name()).isEqualTo("crlf");
        assertThat(spec.services()).containsOnlyKeys("kafka");
    }
}
