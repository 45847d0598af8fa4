package io.strata.pipelines.cli;

import io.strata.cli.StrataCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken pipeline files are refused by {@code validate}, {@code start} and {@code run} with exit
 * code 2 and a message naming the problem, before anything is started (there is no cluster here:
 * the file is read first).
 */
class PipelineCliTest {

    static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    StrataCli strata(String... args) {
        return StrataCli.run(dir.resolve("home"), args);
    }

    Path file(String text) throws IOException {
        Path f = dir.resolve("pipeline.yaml");
        Files.writeString(f, text);
        return f;
    }

    /** validate, start and run all refuse the file with exit code 2 and a message containing {@code expected}. */
    void refused(Path f, String... expected) {
        for (String command : new String[] {"validate", "start", "run"}) {
            StrataCli r = command.equals("run") ? strata("run", f.toString()) : strata("pipeline", command, f.toString());
            assertThat(r.exitCode()).as(command + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(command).contains(expected).doesNotContain("Exception", "\tat ");
        }
        assertThat(dir.resolve("home").resolve("cluster.json")).as("no cluster was started").doesNotExist();
    }

    @Test
    void theSamplesAreValid() {
        for (String sample : new String[] {"iot-sensors", "iot-mqtt", "batch-etl", "sensor-experiment"}) {
            StrataCli r = strata("pipeline", "validate", SAMPLES.resolve(sample).resolve("pipeline.yaml").toString());
            assertThat(r.exitCode()).as(sample + ": " + r.err()).isZero();
            assertThat(r.out()).contains("is valid", "No cluster is up");
        }
    }

    @Test
    void statusShowsTheAppsAndTheAddressDevicesSendTo() throws Exception {
        String status = """
                {"name":"iot","state":"RUNNING","reason":"every service, job and source started","events_produced":7,
                 "events_processed":7,"events_written":null,"lag":0,"services":[],"jobs":[],
                 "sources":[{"name":"gateway","type":"mqtt","topic":"kafka/readings","state":"RUNNING","reason":"",
                             "app":"iot-gateway","endpoints":["127.0.0.2:30105"]}],
                 "apps":[{"key":"web","name":"iot-web","source":null,"state":"DEPLOYING","reason":"waiting for health",
                          "healthy":1,"instances":2,"endpoints":["127.0.0.3:30101"],
                          "endpoints_by_port":{"http":["127.0.0.3:30101"],"admin":[]}},
                         {"key":"gateway","name":"iot-gateway","source":"mqtt","state":"RUNNING","reason":"",
                          "healthy":1,"instances":1,"endpoints":["127.0.0.2:30105"],
                          "endpoints_by_port":{"mqtt":["127.0.0.2:30105"]}}]}""";
        try (io.strata.cli.FakeStrataApi api = new io.strata.cli.FakeStrataApi()
                .onJson("GET", "/api/v1/pipelines/iot", 200, status)) {
            StrataCli.pointAt(dir.resolve("home"), api.url());
            StrataCli r = strata("pipeline", "status", "iot");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).containsPattern("app +iot-web +DEPLOYING +1/2 healthy, http 127.0.0.3:30101, waiting"
                    + " for health");
            assertThat(r.out()).containsPattern("source +gateway +RUNNING +kafka/readings, mqtt at 127.0.0.2:30105");
            assertThat(r.out()).doesNotContain("iot-gateway");
        }
    }

    @Test
    void emptyFile() throws IOException {
        refused(file(""), "empty");
    }

    @Test
    void notYaml() throws IOException {
        refused(file("name: x\nservices: [a, {b: c\n"), "pipeline.yaml:");
    }

    @Test
    void unknownKeyNamesTheLineAndTheClosestKey() throws IOException {
        refused(file("""
                name: demo
                services:
                  kafka:
                    brokers: 1
                    topics:
                      - name: t
                        partitons: 2
                """), "pipeline.yaml:7:", "partitons", "partitions");
    }

    @Test
    void badValue() throws IOException {
        refused(file("""
                name: demo
                services:
                  kafka:
                    brokers: three
                """), "pipeline.yaml:4:", "brokers", "three");
    }

    @Test
    void missingJar() throws IOException {
        refused(file("""
                name: demo
                jobs:
                  etl:
                    kind: batch
                    class: com.example.Etl
                    jar: no-such.jar
                """), "pipeline.yaml:6:", "no-such.jar", "does not exist");
    }

    @Test
    void unresolvableReference() throws IOException {
        Path jar = SAMPLES.resolve("iot-sensors/target/iot-sensors.jar");
        refused(file("""
                name: demo
                services:
                  kafka:
                    topics: [{name: t}]
                jobs:
                  etl:
                    kind: batch
                    class: io.strata.samples.iot.SensorSummary
                    jar: %s
                    args: ["${kafka.bootstrap}", "${cassandra.contactPoints}"]
                """.formatted(jar)), "pipeline.yaml:10:", "cassandra.contactPoints");
    }

    @Test
    void missingFile() {
        StrataCli r = strata("pipeline", "validate", dir.resolve("nope.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("nope.yaml", "does not exist");
    }
}
