package io.strata.pipelines.spec;

import io.strata.spec.Problem;

import static io.strata.pipelines.spec.SpecFixtures.problem;
import static io.strata.pipelines.spec.SpecFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals in {@code services} and of the keys services, jobs and sources share. */
class ServiceProblemsTest {

    @TempDir
    Path dir;

    @Test
    void typeIsRequiredUnlessTheKeyNamesIt() {
        assertThat(problem("name: x\nservices:\n  bus:\n    brokers: 1\n", dir).toString())
                .isEqualTo("pipeline.yaml:4:5: services.bus.type: missing; give kafka or cassandra (it may be left out"
                        + " only when the key is kafka or cassandra)");
        assertThat(problem("name: x\nservices:\n  bus: {type: kafak}\n", dir).toString())
                .isEqualTo("pipeline.yaml:3:15: services.bus.type: 'kafak' is not a service type; did you mean"
                        + " 'kafka'? Use kafka or cassandra");
    }

    @Test
    void settingOfTheOtherServiceTypeIsNamedAsSuch() {
        assertThat(problem("name: x\nservices:\n  kafka: {nodes: 3}\n", dir).toString())
                .isEqualTo("pipeline.yaml:3:11: services.kafka: 'nodes' is a cassandra setting; a kafka service takes"
                        + " type, existing, brokers, brokerCpus, brokerMem, brokerDisk, topics");
    }

    @Test
    void existingServiceTakesOnlyTypeAndTopics() {
        List<Problem> ps = problems("""
                name: x
                services:
                  kafka:
                    existing: prod-kafka
                    brokers: 3
                    topics: [{name: t, replication: 5}]
                  cassandra:
                    existing: Prod_Cassandra
                    schema: schema.cql
                """, dir);

        assertThat(ps).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:5:5: services.kafka.brokers: not allowed with 'existing': the running service keeps its"
                        + " own settings; only type and topics may be given",
                "pipeline.yaml:8:15: services.cassandra.existing: 'Prod_Cassandra' is not a service name; use 1 to 41"
                        + " lowercase letters, digits and '-', starting with a letter or digit",
                "pipeline.yaml:9:5: services.cassandra.schema: not allowed with 'existing': the running service keeps"
                        + " its own settings; only type may be given");
    }

    @Test
    void replicationAboveTheBrokerCountIsRefused() {
        assertThat(problem("""
                name: x
                services:
                  kafka:
                    brokers: 2
                    topics:
                      - {name: readings, replication: 3}
                """, dir).toString())
                .isEqualTo("pipeline.yaml:6:39: services.kafka.topics[0].replication: replication 3 needs 3 brokers but"
                        + " the service has 2; use at most 2 or raise brokers");
    }

    @Test
    void topicsMustHaveLegalUniqueNames() {
        List<Problem> ps = problems("""
                name: x
                services:
                  kafka:
                    topics:
                      - name: readings
                      - name: readings
                      - name: "bad topic"
                      - partitions: 0
                      - readings
                """, dir);

        assertThat(ps).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:6:15: services.kafka.topics[1].name: topic 'readings' is declared twice (first at line"
                        + " 5); give each topic once",
                "pipeline.yaml:7:15: services.kafka.topics[2].name: 'bad topic' is not a Kafka topic name; use 1 to 249"
                        + " letters, digits, '.', '_' and '-' (but not '.' or '..')",
                "pipeline.yaml:8:9: services.kafka.topics[3].name: missing; give the topic's name, e.g. readings",
                "pipeline.yaml:8:21: services.kafka.topics[3].partitions: must be at least 1, got 0",
                "pipeline.yaml:9:9: services.kafka.topics[4]: must be a topic such as {name: readings, partitions: 4,"
                        + " replication: 1}, got 'readings'");
    }

    @Test
    void missingSchemaFileNamesWhereItWasLookedFor() {
        Problem p = problem("name: x\nservices:\n  cassandra:\n    schema: cql/schema.cql\n", dir);

        assertThat(p.toString()).isEqualTo("pipeline.yaml:4:13: services.cassandra.schema: file cql/schema.cql does not"
                + " exist (looked for " + dir.resolve("cql/schema.cql").toAbsolutePath() + ")");
    }

    @Test
    void schemaThatIsADirectoryIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("all.cql"));
        assertThat(problem("name: x\nservices:\n  cassandra: {schema: all.cql}\n", dir).message())
                .isEqualTo("all.cql is a directory, not a CQL file (" + dir.resolve("all.cql").toAbsolutePath() + ")");
    }

    @Test
    void keysMustBeValidUnreservedAndUniqueAcrossServicesJobsAndSources() {
        List<Problem> ps = problems("""
                name: x
                services:
                  kafka: {}
                  Big_Kafka: {type: kafka}
                  events: {type: cassandra}
                sources:
                  kafka: {type: sensor-simulator, topic: t, sensors: 1, rate: 1}
                """, dir);

        assertThat(ps).extracting(Problem::toString).contains(
                "pipeline.yaml:4:3: services.Big_Kafka: 'Big_Kafka' is not a valid key; use 1 to 20 lowercase letters,"
                        + " digits and '-', starting with a letter",
                "pipeline.yaml:5:3: services.events: 'events' is reserved (references such as ${events.…} mean"
                        + " something else); pick another key",
                "pipeline.yaml:7:3: sources.kafka: 'kafka' is already used by services.kafka; services, apps, jobs"
                        + " and sources share one set of keys (references such as ${kafka.…} start with them), so pick"
                        + " another");
    }
}
