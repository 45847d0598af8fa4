package io.strata.pipelines.spec;

import io.strata.spec.Problem;

import static io.strata.pipelines.spec.SpecFixtures.jar;
import static io.strata.pipelines.spec.SpecFixtures.problem;
import static io.strata.pipelines.spec.SpecFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ${...} references: which are valid where, and where in the line a bad one is. */
class ReferenceProblemsTest {

    private static final String SERVICES = """
            name: refs
            services:
              kafka: {topics: [{name: t}]}
              db: {type: cassandra}
            """;
    private static final String JOB = SERVICES + """
            jobs:
              j:
                kind: batch
                class: a.B
                jar: j.jar
            """;
    private static final String JOB_VALID = "${kafka.bootstrap}, ${db.contactPoints}, ${db.datacenter},"
            + " ${pipeline.name}, ${job.group}, ${job.checkpoint}, ${job.name}";
    private static final String CHECK_VALID = "${kafka.bootstrap}, ${db.contactPoints}, ${db.datacenter},"
            + " ${pipeline.name}, ${events.produced}";

    @TempDir
    Path dir;

    @BeforeEach
    void aJar() throws Exception {
        jar(dir.resolve("j.jar"), "a.B");
    }

    @Test
    void everyValidReferenceIsAccepted() throws Exception {
        PipelineSpec spec = SpecFixtures.parse(JOB.replace("kind: batch", "kind: streaming\n    input: kafka/t") + """
                    args: ["${kafka.bootstrap}", "${db.contactPoints}:${db.datacenter}", "${pipeline.name}"]
                    conf: {a: "${job.group}", b: "/tmp/${job.checkpoint}/${job.name}"}
                checks:
                  - name: c
                    cql: SELECT n FROM ${pipeline.name}.t
                    expect: n == ${events.produced}
                """, dir);

        assertThat(spec.jobs().get("j").conf()).containsEntry("b", "/tmp/${job.checkpoint}/${job.name}");
    }

    @Test
    void unresolvableReferenceInAnArgumentIsPlacedOnItsColumnWithTheValidOnes() {
        Problem p = problem(JOB + "    args: [\"--bootstrap\", \"${kafka.bootstrp}\"]\n", dir);

        assertThat(p.toString()).isEqualTo("pipeline.yaml:10:28: jobs.j.args[1]: unresolvable reference"
                + " ${kafka.bootstrp}; did you mean ${kafka.bootstrap}? Valid here: " + JOB_VALID);
    }

    @Test
    void referenceInAPlainConfValueIsPlacedOnItsColumn() {
        Problem p = problem(JOB + "    conf:\n      spark.x: prefix-${nope}\n", dir);

        assertThat(p.toString()).isEqualTo("pipeline.yaml:11:23: jobs.j.conf.spark.x: unresolvable reference ${nope};"
                + " valid here: " + JOB_VALID);
    }

    @Test
    void eventsProducedIsOnlyKnownInChecksAndJobReferencesOnlyInJobs() {
        assertThat(problem(JOB + "    args: [\"${events.produced}\"]\n", dir).message())
                .isEqualTo("${events.produced} is only known in checks; valid here: " + JOB_VALID);
        assertThat(problem(SERVICES + "checks:\n  - {name: c, cql: SELECT, expect: \"a == ${job.name}\"}\n", dir)
                .toString()).isEqualTo("pipeline.yaml:6:42: checks[0].expect: ${job.name} is only known in a job's"
                + " args and conf; valid here: " + CHECK_VALID);
    }

    @Test
    void referenceOnALaterLineOfALiteralBlockIsPlacedThere() {
        Problem p = problem(SERVICES + """
                checks:
                  - name: c
                    cql: |
                      SELECT count(*) AS n
                      FROM ${keyspace}.t
                    expect: n > 0
                """, dir);

        assertThat(p.toString()).isEqualTo("pipeline.yaml:9:12: checks[0].cql: unresolvable reference ${keyspace};"
                + " valid here: " + CHECK_VALID);
    }

    @Test
    void unclosedAndEmptyReferencesAreRefused() {
        assertThat(problems(JOB + "    args: [\"${kafka.bootstrap\", \"x${}\"]\n", dir))
                .extracting(Problem::toString).containsExactly(
                        "pipeline.yaml:10:13: jobs.j.args[0]: '${kafka.bootstrap' has no closing '}'; write references"
                                + " as ${name}, e.g. ${kafka.bootstrap}",
                        "pipeline.yaml:10:35: jobs.j.args[1]: '${}' names nothing; valid here: " + JOB_VALID);
    }

    @Test
    void referencesToAServiceWithABadTypeAreNotReportedTwice() {
        assertThat(problem("""
                name: x
                services:
                  bus: {type: rabbit}
                jobs:
                  j: {kind: batch, class: a.B, jar: j.jar, args: ["${bus.bootstrap}"]}
                """, dir).field()).isEqualTo("services.bus.type");
    }
}
