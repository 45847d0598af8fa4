package io.strata.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

class SourceHopTest {

    @Test
    void slopeIsTheLeastSquaresRateOverTheGivenPoints() {
        double[] t = {0, 1, 2, 3, 4};
        double[] offsets = {100, 1100, 2050, 3150, 4100};
        assertThat(SourceHop.slope(t, offsets, 0, 5)).isCloseTo(1005.0, within(0.001));
        assertThat(SourceHop.slope(t, offsets, 0, 2)).isCloseTo(1000.0, within(0.001));
        assertThat(SourceHop.slope(t, offsets, 2, 4)).isCloseTo(1100.0, within(0.001));
        assertThatThrownBy(() -> SourceHop.slope(t, offsets, 3, 4)).hasMessageContaining("2 points or more, got 1");
    }

    @Test
    void thePeerRunsInAJvmOfTheSourcesFlagsWithItsProducerSettings() {
        List<String> source = SourceHop.sourceCommand("127.0.0.1:9092", "readings-source-1");
        assertThat(source).containsSequence("io.strata.pipelines.sources.SensorSimulator", "--bootstrap",
                "127.0.0.1:9092", "--topic", "readings-source-1", "--sensors", "50", "--seed", "42", "--events");
        assertThat(source).doesNotContain("--rate");
        List<String> peer = SourceHop.peerCommand(source, Path.of("/d"), Path.of("/t"), "127.0.0.1:9092", "perf-peer-1",
                72);
        assertThat(peer.subList(0, peer.indexOf("-cp"))).isEqualTo(source.subList(0, source.indexOf("-cp")))
                .contains("-Xmx160m");
        assertThat(peer).containsSequence("-cp", "/d/*:/t/*", SourceHop.PRODUCER_PERFORMANCE, "--topic", "perf-peer-1")
                .containsSequence("--record-size", "72", "--throughput", "-1")
                .endsWith("bootstrap.servers=127.0.0.1:9092", "acks=all", "enable.idempotence=true", "linger.ms=10",
                        "batch.size=131072");
    }
}
