package io.strata.pipelines.sources;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorOptionsTest {

    @Test
    void readsTheOrchestratorsCommandLine() {
        SimulatorOptions o = SimulatorOptions.parse(new String[] {"--bootstrap", "127.0.0.1:9092", "--topic", "readings",
                "--sensors", "20", "--seed", "42", "--events", "20000"});

        assertThat(o).isEqualTo(new SimulatorOptions("127.0.0.1:9092", "readings", 20, 20_000L, null, 42));
    }

    @Test
    void aRateAloneMeansUntilStopped() {
        SimulatorOptions o = SimulatorOptions.parse(new String[] {"--bootstrap", "b:1", "--topic", "t", "--sensors", "1",
                "--rate", "500"});

        assertThat(o.events()).isNull();
        assertThat(o.rate()).isEqualTo(500);
        assertThat(o.seed()).isZero();
    }

    @Test
    void rejectsBadCommandLinesWithAReason() {
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--bootstrap", "b:1", "--topic", "t", "--sensors", "3"}))
                .hasMessage("give --events, --rate or both");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--topic", "t", "--sensors", "3", "--events", "1"}))
                .hasMessage("missing --bootstrap");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--bootstrap", "b:1", "--topic", "t", "--sensors", "0",
                "--events", "1"})).hasMessage("--sensors: 0 is out of range, give 1 to 100000");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--bootstrap", "b:1", "--topic", "t", "--sensors", "x",
                "--events", "1"})).hasMessage("--sensors: 'x' is not an integer");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--bootstrap", "b:1", "--topic", "t", "--sensors", "1",
                "--events", "1", "--speed", "9"})).hasMessage("unknown argument '--speed'");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[] {"--bootstrap", "b:1", "--topic"}))
                .hasMessage("--topic needs a value");
    }
}
