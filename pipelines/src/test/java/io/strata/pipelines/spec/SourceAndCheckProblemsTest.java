package io.strata.pipelines.spec;

import io.strata.spec.Problem;

import static io.strata.pipelines.spec.SpecFixtures.problem;
import static io.strata.pipelines.spec.SpecFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals in {@code sources}, {@code checks} and {@code written}. */
class SourceAndCheckProblemsTest {

    @TempDir
    Path dir;

    @Test
    void sourceNeedsItsTypeTopicSensorsAndEventsOrRate() {
        assertThat(problems("""
                name: x
                services:
                  kafka: {topics: [{name: t}]}
                sources:
                  gen:
                    seed: 3
                """, dir)).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:6:5: sources.gen.type: missing; give one of sensor-simulator, mqtt, http, mqtt-devices",
                "pipeline.yaml:6:5: sources.gen.topic: missing; give the topic to write to, e.g. readings",
                "pipeline.yaml:6:5: sources.gen.sensors: missing; give how many sensors to simulate, 1 to 100000",
                "pipeline.yaml:6:5: sources.gen: give events (how many to produce), rate (events per second) or both");
    }

    @Test
    void sourceValuesAreChecked() {
        assertThat(problems("""
                name: x
                services:
                  kafka: {topics: [{name: t}]}
                sources:
                  gen:
                    type: replay
                    topic: t
                    sensors: 100001
                    events: 0
                    rate: fast
                    seed: x
                """, dir)).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:6:11: sources.gen.type: 'replay' is not a source type; use one of sensor-simulator, mqtt, http, mqtt-devices",
                "pipeline.yaml:8:14: sources.gen.sensors: must be between 1 and 100000, got 100001",
                "pipeline.yaml:9:13: sources.gen.events: must be at least 1, got 0",
                "pipeline.yaml:10:11: sources.gen.rate: must be a whole number, got 'fast'",
                "pipeline.yaml:11:11: sources.gen.seed: must be a whole number, got 'x'");
    }

    @Test
    void sourceMustNameItsKafkaWhenThereAreSeveral() {
        assertThat(problem("""
                name: x
                services:
                  a: {type: kafka, topics: [{name: t}]}
                  b: {type: kafka, topics: [{name: t}]}
                sources:
                  gen: {type: sensor-simulator, topic: t, sensors: 1, rate: 1}
                """, dir).toString()).isEqualTo("pipeline.yaml:6:8: sources.gen.kafka: missing; name the kafka service"
                + " to write to, one of: a, b");
        assertThat(problem("""
                name: x
                services:
                  db: {type: cassandra}
                sources:
                  gen: {type: sensor-simulator, kafka: db, topic: t, sensors: 1, rate: 1}
                """, dir).toString()).isEqualTo("pipeline.yaml:5:40: sources.gen.kafka: 'db' is a cassandra service, not"
                + " kafka; declare a kafka service under services");
    }

    @Test
    void sourceTopicMustBeDeclared() {
        assertThat(problem("""
                name: x
                services:
                  kafka: {}
                sources:
                  gen: {type: sensor-simulator, topic: readings, sensors: 1, rate: 1}
                """, dir).toString()).isEqualTo("pipeline.yaml:5:40: sources.gen.topic: topic 'readings' is not declared"
                + " in services.kafka.topics; declare it there");
    }

    @Test
    void checkNeedsNameCqlExpectAndACassandra() {
        assertThat(problems("""
                name: x
                services:
                  kafka: {}
                checks:
                  - cassandra: nope
                  - just a string
                """, dir)).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:5:5: checks[0].name: missing; say what the check verifies, e.g. every event counted once",
                "pipeline.yaml:5:5: checks[0].cql: missing; give the query whose rows are checked, e.g. SELECT count(*)"
                        + " AS total FROM ks.table",
                "pipeline.yaml:5:5: checks[0].expect: missing; give a comparison of the query's columns, e.g. total =="
                        + " ${events.produced}",
                "pipeline.yaml:5:16: checks[0].cassandra: there is no service 'nope'; declare a cassandra service under"
                        + " services",
                "pipeline.yaml:6:5: checks[0]: must be a check such as {name: every event counted once, cql: SELECT ...,"
                        .replace("checks[0]", "checks[1]") + " expect: total == 10}, got 'just a string'");
    }

    @Test
    void expectThatIsNotAComparisonChainIsRefusedAtTheBadToken() {
        String head = "name: x\nservices: {cassandra: }\nchecks:\n  - name: c\n    cql: SELECT 1 AS one FROM t\n";
        assertThat(problem(head + "    expect: total = 5\n", dir).toString()).isEqualTo("pipeline.yaml:6:19:"
                + " checks[0].expect: 'total = 5' is not a valid comparison: '=' is not an operator, use '=='; join"
                + " column names, numbers and ${...} references with ==, !=, <, <=, >, >=, e.g. total =="
                + " ${events.produced} or min <= avg <= max");
        assertThat(problem(head + "    expect: total\n", dir).message())
                .startsWith("'total' is not a valid comparison: it compares nothing;");
        assertThat(problem(head + "    expect: \"min <=\"\n", dir).toString())
                .startsWith("pipeline.yaml:6:18: checks[0].expect: 'min <=' is not a valid comparison: it ends with"
                        + " '<=' and needs a value after it;");
        assertThat(problem(head + "    expect: total == count(*)\n", dir).toString())
                .startsWith("pipeline.yaml:6:27: checks[0].expect: 'total == count(*)' is not a valid comparison:"
                        + " expected an operator after 'count', got '(*)';");
        assertThat(problem(head + "    expect: one == 'x'\n", dir).message())
                .startsWith("'one == 'x'' is not a valid comparison: expected a column name, number or reference at"
                        + " ''x''");
    }

    @Test
    void writtenNeedsCqlAndItsCassandra() {
        assertThat(problems("""
                name: x
                services:
                  a: {type: cassandra}
                  b: {type: cassandra}
                written:
                  sql: SELECT 1
                """, dir)).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:6:3: written: unknown key 'sql'; did you mean 'cql'? Known keys: cassandra, cql",
                "pipeline.yaml:6:3: written.cassandra: missing; name the cassandra service to query, one of: a, b",
                "pipeline.yaml:6:3: written.cql: missing; give a query whose single number is the events written so"
                        + " far, e.g. SELECT count(*) FROM ks.table");
    }
}
