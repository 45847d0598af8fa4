package io.strata.pipelines.spec;

import io.strata.spec.Problem;

import static io.strata.pipelines.spec.SpecFixtures.problem;
import static io.strata.pipelines.spec.SpecFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refusals of the file as a whole: not YAML, empty, wrong shape, unknown or repeated keys, wrong types. */
class FileStructureProblemsTest {

    @TempDir
    Path dir;

    @Test
    void emptyFileIsRefusedWithoutAPosition() {
        for (String empty : List.of("", "   \n", "# only a comment\n", "---\n")) {
            Problem p = problem(empty, dir);
            assertThat(p).isEqualTo(new Problem("pipeline.yaml", 0, 0, "",
                    "the file is empty; a pipeline needs 'name' and at least one of services, apps, jobs, sources"));
            assertThat(p.toString()).isEqualTo("pipeline.yaml: the file is empty; a pipeline needs 'name' and at least"
                    + " one of services, apps, jobs, sources");
        }
    }

    @Test
    void textThatIsNotYamlIsRefusedAtSnakeYamlsPositionWithoutClassNames() {
        Problem p = problem("""
                name: broken
                services:
                  kafka: {brokers: 1
                jobs: {}
                """, dir);

        assertThat(p.line()).isEqualTo(4);
        assertThat(p.column()).isEqualTo(5);
        assertThat(p.field()).isEmpty();
        assertThat(p.message()).startsWith("not valid YAML: ").doesNotContain("Exception", "org.yaml", "snakeyaml");
    }

    @Test
    void badIndentationIsRefusedAsNotYaml() {
        Problem p = problem("name: x\n  services: {}\n", dir);

        assertThat(p.toString()).isEqualTo("pipeline.yaml:2:11: not valid YAML: mapping values are not allowed here");
    }

    @Test
    void unclosedQuoteNamesWhereTheQuoteStarted() {
        Problem p = problem("name: \"x\nservices: {}\n", dir);

        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).isEqualTo("not valid YAML: found unexpected end of stream (while scanning a quoted"
                + " scalar that starts at line 1, column 7)");
    }

    @Test
    void tabIndentationIsRefusedAsNotYaml() {
        Problem p = problem("name: x\nservices:\n\tkafka: {}\n", dir);

        assertThat(p.line()).isEqualTo(3);
        assertThat(p.column()).isEqualTo(1);
        assertThat(p.message()).isEqualTo("not valid YAML: a tab cannot indent or start a value; indent with spaces");
    }

    @Test
    void secondDocumentIsRefused() {
        Problem p = problem("name: a\nservices: {kafka: }\n---\nname: b\n", dir);

        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).isEqualTo("the file holds more than one YAML document; it must be one document"
                + " (remove the second '---')");
    }

    @Test
    void topLevelThatIsNotAMappingIsRefused() {
        assertThat(problem("- name: x\n", dir).toString()).isEqualTo("pipeline.yaml:1:1: the top level must be a"
                + " mapping with name and services, apps, jobs, sources, checks or written, got a list");
        assertThat(problem("just words\n", dir).message()).endsWith("got 'just words'");
    }

    @Test
    void unknownKeyIsRefusedWithTheClosestKnownKey() {
        Problem p = problem("""
                name: typo
                services:
                  kafka:
                    topics:
                      - name: readings
                        partitons: 4
                """, dir);

        assertThat(p.toString()).isEqualTo("pipeline.yaml:6:9: services.kafka.topics[0]: unknown key 'partitons'; did"
                + " you mean 'partitions'? Known keys: name, partitions, replication");
    }

    @Test
    void unknownKeyFarFromAnyKnownKeyListsTheKnownKeys() {
        Problem p = problem("name: x\nservices: {kafka: }\nowner: me\n", dir);

        assertThat(p.toString()).isEqualTo("pipeline.yaml:3:1: unknown key 'owner'; known keys: name, description,"
                + " group, services, apps, jobs, sources, checks, written");
    }

    @Test
    void keyInAnotherCaseIsSuggested() {
        Problem p = problem("name: x\nservices:\n  kafka: {brokermem: 1g}\n", dir);

        assertThat(p.message()).startsWith("unknown key 'brokermem'; did you mean 'brokerMem'?");
    }

    @Test
    void duplicateKeyIsRefusedAtTheSecondOne() {
        Problem p = problem("""
                name: twice
                services:
                  kafka:
                    brokers: 1
                    brokers: 3
                """, dir);

        assertThat(p.toString()).isEqualTo("pipeline.yaml:5:5: services.kafka.brokers: duplicate key 'brokers' (first"
                + " given at line 4); give each key once");
    }

    @Test
    void wrongTypesAreRefusedWithTheValueGiven() {
        List<Problem> ps = problems("""
                name: types
                services:
                  kafka:
                    brokers: three
                    brokerCpus: lots
                    topics: readings
                  cassandra: [a, b]
                """, dir);

        assertThat(ps).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:4:14: services.kafka.brokers: must be a whole number, got 'three'",
                "pipeline.yaml:5:17: services.kafka.brokerCpus: must be a number greater than 0 (e.g. 0.5 or 2),"
                        + " got 'lots'",
                "pipeline.yaml:6:13: services.kafka.topics: must be a list of topics, e.g. [{name: readings,"
                        + " partitions: 4}], got 'readings'",
                "pipeline.yaml:7:14: services.cassandra: must be a mapping of the service's settings, e.g. {type:"
                        + " kafka, brokers: 1}, got a list");
    }

    @Test
    void numbersOutOfRangeAreRefused() {
        assertThat(problem("name: x\nservices:\n  kafka: {brokers: 12}\n", dir).toString())
                .isEqualTo("pipeline.yaml:3:20: services.kafka.brokers: must be between 1 and 9, got 12");
        assertThat(problem("name: x\nservices:\n  kafka: {brokers: 2.5}\n", dir).message())
                .isEqualTo("must be a whole number, got '2.5'");
        assertThat(problem("name: x\nservices:\n  kafka: {brokers: 99999999999999999999}\n", dir).message())
                .isEqualTo("must be between 1 and 9, got 99999999999999999999");
    }

    @Test
    void sizesAreParsedAndRefusedWithTheirForms() {
        List<Problem> ps = problems("""
                name: sizes
                services:
                  kafka: {brokerMem: 128m, brokerDisk: lots}
                  cassandra: {nodeMem: 0.25g}
                """, dir);

        assertThat(ps).extracting(Problem::toString).containsExactly(
                "pipeline.yaml:3:22: services.kafka.brokerMem: must be at least 384 MB, got 128 MB ('128m')",
                "pipeline.yaml:3:40: services.kafka.brokerDisk: 'lots' is not a size; use megabytes (768) or a number"
                        + " with m or g (768m, 1g, 1.5g)",
                "pipeline.yaml:4:24: services.cassandra.nodeMem: must be at least 1024 MB, got 256 MB ('0.25g')");
    }

    @Test
    void nameIsRequiredAndChecked() {
        assertThat(problem("services: {kafka: }\n", dir).toString())
                .isEqualTo("pipeline.yaml:1:1: name: missing; give the pipeline a name, e.g. iot-sensors");
        assertThat(problem("name: IoT_Sensors\nservices: {kafka: }\n", dir).toString())
                .isEqualTo("pipeline.yaml:1:7: name: 'IoT_Sensors' is not a valid pipeline name; use 1 to 30"
                        + " lowercase letters, digits and '-', starting with a letter, e.g. iot-sensors");
    }

    @Test
    void pipelineWithoutServicesJobsOrSourcesIsRefused() {
        assertThat(problem("name: idle\nservices: {}\nchecks: []\n", dir).toString())
                .isEqualTo("pipeline.yaml:1:1: a pipeline needs at least one of services, apps, jobs, sources");
    }

    @Test
    void everyProblemIsReportedAtOnceInFileOrder() {
        PipelineFileException e = org.junit.jupiter.api.Assertions.assertThrows(PipelineFileException.class,
                () -> PipelineFile.parse("""
                        name: Many
                        services:
                          kafka:
                            brokers: 0
                            brokerz: 1
                        sources:
                          gen: {type: sensor-simulator, topic: nope, sensors: 0}
                        """, "pipeline.yaml", dir));

        assertThat(e.problems()).extracting(Problem::line).containsExactly(1, 4, 5, 7, 7, 7);
        assertThat(e.getMessage().lines()).hasSize(6);
        assertThat(e.getMessage().lines().findFirst().orElseThrow()).startsWith("pipeline.yaml:1:7: name: 'Many'");
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void readResolvesAgainstTheFilesDirectoryAndReportsAMissingFile() throws Exception {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> PipelineFile.read(missing))
                .isInstanceOf(PipelineFileException.class)
                .hasMessage(missing + ": file does not exist (looked for " + missing.toAbsolutePath() + ")");

        Path file = Files.writeString(dir.resolve("p.yaml"), "name: x\nservices:\n  kafka: {brokers: x}\n");
        assertThatThrownBy(() -> PipelineFile.read(file))
                .hasMessage(file + ":3:20: services.kafka.brokers: must be a whole number, got 'x'");
    }

    @Test
    void nonUtf8FileIsRefused() throws Exception {
        Path file = Files.write(dir.resolve("latin1.yaml"), new byte[]{'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9});
        assertThatThrownBy(() -> PipelineFile.read(file)).hasMessage(file + ": is not UTF-8 text");
    }
}
