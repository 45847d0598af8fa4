package io.strata.bench.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.bench.Result;
import io.strata.bench.Scale;
import org.junit.jupiter.api.Test;

/**
 * Figures 1 and 1b on the tiny DeclineOffers shape: both read the same JMH run, carry their
 * spread, and write it in the format. Timings are not asserted.
 */
class DeclineOffersFiguresTest {

    @Test
    void fullShapeAndEarlyRoundsComeFromTheSameRoundsWithTheirSpread() throws Exception {
        DeclineOffersRuns.Rounds rounds = DeclineOffersRuns.rounds(Scale.TINY);
        Result full = new AllocatorRoundFigure().run(Scale.TINY);
        Result early = new EarlyRoundsFigure().run(Scale.TINY);

        assertThat(DeclineOffersRuns.rounds(Scale.TINY)).as("run once").isSameAs(rounds);
        assertThat(full.name()).isEqualTo("allocator.round_ms.10k_agents_1k_frameworks");
        assertThat(full.runs()).isEqualTo(2 * rounds.frameworks()).isEqualTo(rounds.wallMs().size());
        assertThat(full.goal()).isEqualTo("<= 50 ms");
        assertThat(early.name()).isEqualTo("allocator.round_ms.early_rounds");
        assertThat(early.runs()).isEqualTo(3);
        assertThat(early.goal()).startsWith("<= 53 ms");
        assertThat(early.peerValue()).isEqualTo(1060.0);
        assertThat(rounds.cpuMs()).hasSameSizeAs(rounds.wallMs());
        assertThat(rounds.gcs()).as("collections counted per round").hasSameSizeAs(rounds.wallMs())
                .allSatisfy(n -> assertThat(n).isNotNegative());
        assertThat(rounds.wallAtLeastWithGc(0)).isLessThanOrEqualTo(rounds.wallAtLeast(0));
        assertThat(full.notes()).contains("with a garbage collection during the pass", "rounds at or over 5 ms of CPU");
        for (Result r : new Result[] {full, early}) {
            assertThat(r.min()).isPositive().isLessThanOrEqualTo(r.value());
            assertThat(r.max()).isGreaterThanOrEqualTo(r.value());
            assertThat(r.notes()).isNotBlank();
        }
    }

    @Test
    void spreadIsWrittenAfterTheGoalAndLeftOutWhereThereIsNone() {
        ObjectMapper json = new ObjectMapper();
        Result plain = Result.measured("x", 2, "ms", "lower", "peer", 4, "<= 3 ms", "n");
        JsonNode withSpread = json.valueToTree(plain.withSpread(5, 1.23456, 3));

        assertThat(withSpread.fieldNames()).toIterable().containsExactly("name", "value", "unit", "better", "peer",
                "peer_value", "ratio", "goal", "runs", "min", "max", "notes");
        assertThat(withSpread.path("runs").asInt()).isEqualTo(5);
        assertThat(withSpread.path("min").asDouble()).isEqualTo(1.235);
        assertThat(json.valueToTree(plain).fieldNames()).toIterable().containsExactly("name", "value", "unit",
                "better", "peer", "peer_value", "ratio", "goal", "notes");
    }
}
