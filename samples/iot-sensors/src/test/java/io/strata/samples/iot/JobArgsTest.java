package io.strata.samples.iot;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobArgsTest {

    private static JobArgs parse(String... args) {
        return JobArgs.parse(args, Set.of("topic", "contact-points"), Set.of("trigger", "threshold"));
    }

    @Test
    void readsRequiredAndOptionalPairsInAnyOrder() {
        JobArgs a = parse("--contact-points", "127.0.0.1:9042, 127.0.0.2:9042", "--topic", "readings", "--trigger", "500ms");

        assertThat(a.get("topic")).isEqualTo("readings");
        assertThat(a.hostPorts("contact-points")).containsExactly("127.0.0.1:9042", "127.0.0.2:9042");
        assertThat(a.duration("trigger", Duration.ofSeconds(2))).isEqualTo(Duration.ofMillis(500));
        assertThat(a.doubleValue("threshold", 3.0)).isEqualTo(3.0);
    }

    @Test
    void durationsTakeMillisSecondsAndMinutes() {
        assertThat(parse("--topic", "t", "--contact-points", "h:1", "--trigger", "2s").duration("trigger", null))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(parse("--topic", "t", "--contact-points", "h:1", "--trigger", "1m").duration("trigger", null))
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void rejectsEveryMalformedCommandLineWithOneLineReason() {
        List<String[]> bad = List.of(
                new String[] {"--topic", "t"},
                new String[] {"--topic", "t", "--contact-points", "h:1", "--bogus", "x"},
                new String[] {"--topic", "t", "--contact-points"},
                new String[] {"topic", "t", "--contact-points", "h:1"},
                new String[] {"--topic", "t", "--topic", "u", "--contact-points", "h:1"});
        for (String[] args : bad) {
            assertThatThrownBy(() -> parse(args)).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void missingArgumentsAreNamed() {
        assertThatThrownBy(() -> parse("--trigger", "2s")).hasMessage("missing --contact-points, --topic");
    }

    @Test
    void valuesAreChecked() {
        JobArgs a = parse("--topic", "t", "--contact-points", "localhost", "--trigger", "2h", "--threshold", "x");

        assertThatThrownBy(() -> a.hostPorts("contact-points")).hasMessageContaining("is not host:port");
        assertThatThrownBy(() -> a.duration("trigger", null)).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> a.doubleValue("threshold", 3.0)).hasMessageContaining("is not a number");
        assertThatThrownBy(() -> parse("--topic", "t", "--contact-points", "h:1", "--trigger", "0s").duration("trigger", null))
                .hasMessageContaining("must be positive");
    }

    @Test
    void positiveLongsAreWholeNumbersOfAtLeastOne() {
        JobArgs a = JobArgs.parse(new String[] {"--n", "12", "--zero", "0", "--word", "many", "--frac", "1.5"},
                Set.of(), Set.of("n", "zero", "word", "frac", "absent"));

        assertThat(a.positiveLong("n", 0)).isEqualTo(12);
        assertThat(a.positiveLong("absent", 7)).isEqualTo(7);
        assertThatThrownBy(() -> a.positiveLong("zero", 0)).hasMessage("--zero: 0 must be at least 1");
        assertThatThrownBy(() -> a.positiveLong("word", 0)).hasMessage("--word: 'many' is not a whole number");
        assertThatThrownBy(() -> a.positiveLong("frac", 0)).hasMessage("--frac: '1.5' is not a whole number");
    }

    @Test
    void jobOptionsParseTheDocumentedCommandLines() {
        var streaming = ReadingsByMinute.Options.parse(new String[] {"--bootstrap", "127.0.0.1:9092", "--topic", "readings",
                "--contact-points", "127.0.0.1:9042", "--datacenter", "datacenter1", "--group", "g", "--checkpoint", "/tmp/c"});
        assertThat(streaming.trigger()).isEqualTo(Duration.ofSeconds(2));
        assertThat(streaming.maxOffsetsPerTrigger()).as("no cap unless given").isZero();
        var capped = ReadingsByMinute.Options.parse(new String[] {"--bootstrap", "127.0.0.1:9092", "--topic", "r",
                "--contact-points", "127.0.0.1:9042", "--datacenter", "datacenter1", "--group", "g", "--checkpoint",
                "/tmp/c", "--max-offsets-per-trigger", "200000"});
        assertThat(capped.maxOffsetsPerTrigger()).isEqualTo(200_000);
        assertThat(streaming.cassandra()).isEqualTo(new CassandraTarget(List.of("127.0.0.1:9042"), "datacenter1"));

        var experiment = AnomalyExperiment.Options.parse(new String[] {"--contact-points", "127.0.0.1:9042",
                "--datacenter", "datacenter1", "--threshold", "2.5"});
        assertThat(experiment.threshold()).isEqualTo(2.5);
        assertThatThrownBy(() -> AnomalyExperiment.Options.parse(new String[] {"--contact-points", "h:1",
                "--datacenter", "dc", "--threshold", "-1"})).hasMessageContaining("must be positive");

        assertThatThrownBy(() -> SensorSummary.Options.parse(new String[] {"--bootstrap", "h:1", "--topic", "t",
                "--contact-points", "h:2", "--datacenter", "dc"})).hasMessage("missing --group");
    }
}
