package io.strata.bench.pipeline;

import io.strata.pipelines.spec.PipelineFile;
import io.strata.pipelines.spec.PipelineFileException;
import io.strata.pipelines.spec.PipelineSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The IoT sample as this checkout has it (samples/iot-sensors: pipeline file, schema, built jar),
 * read exactly as {@code strata pipeline start} reads it, and where Kafka's tools jar is.
 */
record IotSample(Path dir, Path kafkaTools) {

    static final String EVENTS_LINE = "    events: 60000\n";
    static final String TOPIC = "readings";
    static final int PARTITIONS = 4;

    /**
     * The toy pipeline of the tiny runs: the sample's Kafka and source only (no Cassandra, no Spark
     * job), so that a test exercises the same API calls and teardown in seconds.
     */
    static final String TINY = """
            name: bench-tiny
            services:
              kafka:
                brokers: 1
                brokerCpus: 0.5
                brokerMem: 1g
                topics:
                  - name: readings
                    partitions: 4
                    replication: 1
            sources:
              sensors:
                type: sensor-simulator
                kafka: kafka
                topic: readings
                sensors: 50
                events: 2000
                seed: 42
            """;

    static IotSample locate() throws IOException {
        Properties built = new Properties();
        try (InputStream in = IotSample.class.getResourceAsStream("build.properties")) {
            built.load(in);
        }
        Path dir = Path.of(built.getProperty("sample.dir")).normalize();
        Path tools = Path.of(built.getProperty("kafka.tools")).normalize();
        IotSample s = new IotSample(dir, tools);
        for (Path p : new Path[] {s.file(), s.jar(), tools}) {
            if (!Files.exists(p)) {
                throw new IllegalStateException(p + " is missing: build it first"
                        + " (mvn -q -B install -DskipTests -pl bench -am)");
            }
        }
        return s;
    }

    Path file() {
        return dir.resolve("pipeline.yaml");
    }

    Path jar() {
        return dir.resolve("target/iot-sensors.jar");
    }

    String schema() throws IOException {
        return Files.readString(dir.resolve("schema.cql"), StandardCharsets.UTF_8);
    }

    /** The sample as it is. */
    PipelineSpec spec() throws IOException, PipelineFileException {
        return PipelineFile.read(file());
    }

    /** The sample with its source sending {@code events} events instead of its 60,000. */
    PipelineSpec spec(long events) throws IOException, PipelineFileException {
        String text = Files.readString(file(), StandardCharsets.UTF_8);
        if (!text.contains(EVENTS_LINE)) {
            throw new IllegalStateException(file() + " no longer has the line '" + EVENTS_LINE.strip()
                    + "' this harness changes");
        }
        return PipelineFile.parse(text.replace(EVENTS_LINE, "    events: " + events + "\n"), file().toString(), dir);
    }

    static PipelineSpec tiny() throws PipelineFileException {
        return PipelineFile.parse(TINY, "bench-tiny.yaml", null);
    }
}
