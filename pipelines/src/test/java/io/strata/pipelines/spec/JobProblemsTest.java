package io.strata.pipelines.spec;

import io.strata.spec.Problem;
import io.strata.spec.Problems;

import static io.strata.pipelines.spec.SpecFixtures.jar;
import static io.strata.pipelines.spec.SpecFixtures.problem;
import static io.strata.pipelines.spec.SpecFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals in {@code jobs}. */
class JobProblemsTest {

    private static final String HEAD = """
            name: x
            services:
              kafka:
                topics: [{name: readings}]
            sources:
              sensors: {type: sensor-simulator, topic: readings, sensors: 1, events: 1}
            jobs:
              agg:
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void aJob() throws Exception {
        jar(dir.resolve("job.jar"), "com.example.Agg");
    }

    /** Problems of a job whose settings (indented 4) follow HEAD, so they start on line 9. */
    private List<Problem> jobProblems(String settings) {
        return problems(HEAD + settings, dir);
    }

    private Problem jobProblem(String settings) {
        return problem(HEAD + settings, dir);
    }

    @Test
    void kindClassAndJarAreRequired() {
        assertThat(jobProblems("    executors: 2\n")).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:9:5: jobs.agg.kind: missing; give streaming or batch",
                "pipeline.yaml:9:5: jobs.agg.class: missing; give the main class's fully qualified name, e.g."
                        + " com.example.MyJob",
                "pipeline.yaml:9:5: jobs.agg.jar: missing; give the application jar, relative to this file, e.g."
                        + " target/my-job.jar");
    }

    @Test
    void jobWithNothingUnderItIsMissingItsSettingsAtItsKey() {
        assertThat(problems(HEAD, dir)).extracting(Problem::line, Problem::column, Problem::field).containsExactly(
                tuple(8, 3, "jobs.agg.kind"), tuple(8, 3, "jobs.agg.class"), tuple(8, 3, "jobs.agg.jar"));
    }

    @Test
    void unknownKindIsRefusedWithASuggestion() {
        assertThat(jobProblem("    kind: stream\n    class: com.example.Agg\n    jar: job.jar\n").toString())
                .isEqualTo("pipeline.yaml:9:11: jobs.agg.kind: 'stream' is not a job kind; did you mean 'streaming'? Use"
                        + " streaming or batch");
    }

    @Test
    void classMustBeAJavaName() {
        assertThat(jobProblem("    kind: batch\n    class: com.example.1Agg\n    jar: job.jar\n").toString())
                .isEqualTo("pipeline.yaml:10:12: jobs.agg.class: 'com.example.1Agg' is not a Java class name; give the"
                        + " main class's fully qualified name, e.g. com.example.MyJob");
    }

    @Test
    void missingJarNamesTheAbsolutePathLookedFor() {
        Problem p = jobProblem("    kind: batch\n    class: com.example.Agg\n    jar: ../foo.jar\n");

        assertThat(p.toString()).isEqualTo("pipeline.yaml:11:10: jobs.agg.jar: file ../foo.jar does not exist (looked"
                + " for " + dir.resolve("../foo.jar").toAbsolutePath().normalize() + ")");
    }

    @Test
    void emptyJarIsRefused() {
        assertThat(jobProblem("    kind: batch\n    class: com.example.Agg\n    jar: \"\"\n").toString())
                .isEqualTo("pipeline.yaml:11:10: jobs.agg.jar: must not be empty; give the application jar, relative to"
                        + " this file, e.g. target/my-job.jar");
    }

    @Test
    void jarMustContainTheClass() {
        Problem p = jobProblem("    kind: batch\n    class: com.example.Other\n    jar: job.jar\n");

        assertThat(p.message()).isEqualTo("job.jar does not contain class com.example.Other (no entry"
                + " com/example/Other.class in " + dir.resolve("job.jar").toAbsolutePath() + "); check 'class' or"
                + " rebuild the jar");
    }

    @Test
    void jarMustBeAZipFile() throws Exception {
        Files.writeString(dir.resolve("notes.jar"), "not a zip");
        Files.createDirectories(dir.resolve("classes"));

        assertThat(jobProblem("    kind: batch\n    class: com.example.Agg\n    jar: notes.jar\n").message())
                .isEqualTo("notes.jar is not a jar file (" + dir.resolve("notes.jar").toAbsolutePath()
                        + " is not a zip archive)");
        assertThat(jobProblem("    kind: batch\n    class: com.example.Agg\n    jar: classes\n").message())
                .isEqualTo("classes is a directory, not a jar file (" + dir.resolve("classes").toAbsolutePath() + ")");
    }

    @Test
    void executorsMustBeAPositiveCountOrRange() {
        String job = "    kind: batch\n    class: com.example.Agg\n    jar: job.jar\n";
        assertThat(jobProblem(job + "    executors: 0:3\n").toString()).isEqualTo("pipeline.yaml:12:16:"
                + " jobs.agg.executors: '0:3' is not valid; use N or MIN:MAX with 1 <= MIN <= MAX, e.g. 1:4");
        assertThat(jobProblem(job + "    executors: \"4:2\"\n").message())
                .isEqualTo("'4:2' is not valid; use N or MIN:MAX with 1 <= MIN <= MAX, e.g. 1:4");
        assertThat(jobProblem(job + "    executors: 0\n").message())
                .isEqualTo("'0' is not valid; use N or MIN:MAX with 1 <= MIN <= MAX, e.g. 1:4");
        assertThat(jobProblem(job + "    executors: {min: 4, max: 2}\n").toString()).isEqualTo("pipeline.yaml:12:16:"
                + " jobs.agg.executors: min 4 is more than max 2; use 1 <= min <= max");
        assertThat(jobProblem(job + "    executors: {min: 2}\n").toString()).isEqualTo("pipeline.yaml:12:16:"
                + " jobs.agg.executors.max: missing; give the most executors, e.g. {min: 1, max: 4}");
    }

    @Test
    void memoryAndCoresHaveMinimums() {
        assertThat(jobProblems("""
                    kind: batch
                    class: com.example.Agg
                    jar: job.jar
                    executorCores: 0
                    executorMemory: 256m
                    driverMemory: 0.25g
                """)).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:12:20: jobs.agg.executorCores: must be at least 1, got 0",
                "pipeline.yaml:13:21: jobs.agg.executorMemory: must be at least 450 MB, got 256 MB ('256m')",
                "pipeline.yaml:14:19: jobs.agg.driverMemory: must be at least 450 MB, got 256 MB ('0.25g')");
    }

    @Test
    void confAndArgsTakeSingleValues() {
        assertThat(jobProblems("""
                    kind: batch
                    class: com.example.Agg
                    jar: job.jar
                    conf:
                      spark.a: [1, 2]
                      spark.b:
                    args: [--x, {a: 1}, ]
                """)).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:13:16: jobs.agg.conf.spark.a: must be a single value (text or number), got a list",
                "pipeline.yaml:14:7: jobs.agg.conf.spark.b: has no value; write \"\" for an empty one",
                "pipeline.yaml:15:17: jobs.agg.args[1]: must be a single value (text or number), got a mapping");
    }

    @Test
    void streamingJobNeedsADeclaredInputTopicAndCannotWaitForSources() {
        assertThat(jobProblem("    kind: streaming\n    class: com.example.Agg\n    jar: job.jar\n").toString())
                .isEqualTo("pipeline.yaml:9:5: jobs.agg.input: missing; a streaming job needs the topic it reads, as"
                        + " <kafka service>/<topic>, e.g. kafka/readings");
        assertThat(jobProblems("""
                    kind: streaming
                    class: com.example.Agg
                    jar: job.jar
                    input: kafka/readngs
                    after: [sensors]
                """)).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:12:18: jobs.agg.input: topic 'readngs' is not declared in services.kafka.topics; did you"
                        + " mean 'readings'? Declared: readings",
                "pipeline.yaml:13:12: jobs.agg.after: only batch jobs wait for sources to finish; a streaming job runs"
                        + " alongside them, so remove 'after' or make the job kind: batch");
    }

    @Test
    void inputMustNameAKafkaServiceAndTopic() {
        String job = "    kind: streaming\n    class: com.example.Agg\n    jar: job.jar\n";
        assertThat(jobProblem(job + "    input: readings\n").message())
                .isEqualTo("'readings' is not valid; use <kafka service>/<topic>, e.g. kafka/readings");
        assertThat(jobProblem(job + "    input: kafak/readings\n").message())
                .isEqualTo("there is no service 'kafak'; did you mean 'kafka'? Kafka services: kafka");
    }

    @Test
    void afterMustNameSources() {
        assertThat(jobProblem("""
                    kind: batch
                    class: com.example.Agg
                    jar: job.jar
                    after: [sensor]
                """).toString()).isEqualTo("pipeline.yaml:12:13: jobs.agg.after[0]: 'sensor' is not a source; did you"
                + " mean 'sensors'? Sources: sensors");
    }

    @Test
    void aBatchJobHasNoCheckpoint() {
        assertThat(jobProblem("""
                    kind: batch
                    class: com.example.Agg
                    jar: job.jar
                    args: ["--checkpoint", "${job.checkpoint}"]
                """).toString()).isEqualTo("pipeline.yaml:12:11: jobs.agg.args: ${job.checkpoint} is only for streaming"
                + " jobs (their checkpoint lives on a volume beside the driver); a batch job has none: write its output"
                + " to a service, or make the job kind: streaming");
        assertThat(jobProblem("""
                    kind: batch
                    class: com.example.Agg
                    jar: job.jar
                    checkpointSize: 1g
                """).message()).isEqualTo("only streaming jobs keep a checkpoint; remove it or make the job kind:"
                + " streaming");
    }

    @Test
    void checkpointSizeIsASize() {
        String job = "    kind: streaming\n    class: com.example.Agg\n    jar: job.jar\n    input: kafka/readings\n";
        assertThat(jobProblem(job + "    checkpointSize: lots\n").message())
                .isEqualTo("'lots' is not a size; use megabytes (768) or a number with m or g (768m, 1g, 1.5g)");
        assertThat(jobProblem(job + "    checkpointSize: 8m\n").message())
                .isEqualTo("must be at least 16 MB, got 8 MB ('8m')");
    }
}
