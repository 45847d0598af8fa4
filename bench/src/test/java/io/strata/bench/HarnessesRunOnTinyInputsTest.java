package io.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Each benchmark harness once on toy inputs, so that the benchmarks cannot rot between the runs
 * that publish figures. Asserts the records are sane, never the timings: this is a test suite,
 * not a benchmark.
 */
class HarnessesRunOnTinyInputsTest {

    @Test
    void allocatorRoundRunsTheDeclineOffersShapeThroughJmh() throws Exception {
        assertSane(new io.strata.bench.allocator.AllocatorRoundFigure().run(Scale.TINY),
                "allocator.round_ms.10k_agents_1k_frameworks", "ms", "lower");
    }

    @Test
    void placementRunsTheSameWorkloadThroughStrataAndYarn() throws Exception {
        assertSane(new io.strata.bench.placement.PlacementFigure().run(Scale.TINY),
                "allocator.placements_per_s.vs_yarn", "placements/s", "higher");
    }

    @Test
    void simulatedAgentsRunEveryTaskThroughTheRealMaster() throws Exception {
        assertSane(new io.strata.bench.launch.SimulatedLaunchFigure().run(Scale.TINY),
                "tasks.launch_per_s.simulated_agents", "tasks/s", "higher");
    }

    @Test
    void realProcessesReachRunningAndAreKilled() throws Exception {
        assertSane(new io.strata.bench.launch.RealProcessLaunchFigure().run(Scale.TINY),
                "tasks.launch_p99_ms.real_processes", "ms", "lower");
    }

    @Test
    void resultsFileHasTheIssueFormatWithPendingFiguresWithoutNumbers(@TempDir Path repo) throws Exception {
        Result measured = Result.measured("allocator.round_ms.10k_agents_1k_frameworks", 12.5, "ms", "lower",
                "peer", 1060, "<= 50 ms", "n");
        List<Result> results = new ArrayList<>(PendingFigures.all());
        results.add(measured);
        Path file = repo.resolve("bench/results/latest.json");
        ResultsFile.write(file, results, repo);

        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.fieldNames()).toIterable().containsExactly("machine", "date", "git", "results");
        assertThat(root.path("results")).hasSize(6);
        JsonNode first = root.path("results").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("name", "value", "unit", "better", "peer",
                "peer_value", "ratio", "goal", "notes");
        assertThat(first.path("name").asText()).isEqualTo(measured.name());
        assertThat(first.path("ratio").asDouble()).isEqualTo(Result.round(12.5 / 1060));
        JsonNode pending = root.path("results").get(1);
        assertThat(pending.path("name").asText()).isEqualTo("pipeline.startup_s.vs_floor");
        assertThat(pending.path("value").isNull()).isTrue();
        assertThat(pending.path("ratio").isNull()).isTrue();
        assertThat(pending.path("notes").asText()).startsWith("not yet measurable");
    }

    private static void assertSane(Result r, String name, String unit, String better) {
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.unit()).isEqualTo(unit);
        assertThat(r.better()).isEqualTo(better);
        assertThat(r.value()).isNotNull().isPositive().isFinite();
        assertThat(r.peerValue()).isNotNull().isPositive().isFinite();
        assertThat(r.ratio()).isNotNull().isPositive().isFinite();
        assertThat(r.goal()).isNotBlank();
        assertThat(r.notes()).isNotBlank();
    }
}
