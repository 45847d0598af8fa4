package io.strata.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.pipelines.spec.PipelineSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The job hop's plan: every run's batches capped alike on both sides, backlogs that fill the window. */
class JobHopPlanTest {

    @Test
    void throughputRunsAreFedTwoFullBatchesAheadUntilTheWindowCloses() {
        JobHopSession.Plan full = JobHopSession.FULL;
        assertThat(full.cap()).isEqualTo(500_000);
        assertThat(full.windowNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(60));
        assertThat(full.throughputPairs()).isEqualTo(5);
        assertThat(full.direct()).isTrue();
        JobThroughputRun.Supply s = full.throughputSupply();
        assertThat(s.finite()).isFalse();
        assertThat(s.lead()).isEqualTo(1_000_000);
        assertThat(s.chunk()).isEqualTo(125_000);
    }

    @Test
    void warmUpRunsWriteTheirEventsAtOnce() {
        JobThroughputRun.Supply s = JobHopSession.FULL.warmSupply();
        assertThat(s.finite()).isTrue();
        assertThat(s.next(0, 0)).isEqualTo(1_500_000);
        assertThat(s.next(1_500_000, 0)).isZero();
    }

    @Test
    void theFeedTopsUpToTheLeadInChunksAndStopsAtItsMax() {
        JobThroughputRun.Supply s = new JobThroughputRun.Supply(1_000, 300, 100);
        assertThat(s.next(0, 0)).isEqualTo(100);
        assertThat(s.next(250, 0)).as("only up to the lead").isEqualTo(50);
        assertThat(s.next(300, 0)).as("the lead is full").isZero();
        assertThat(s.next(300, 200)).isEqualTo(100);
        assertThat(s.next(950, 900)).as("never past the max").isEqualTo(50);
        assertThat(s.next(1_000, 1_000)).isZero();
        assertThat(new JobThroughputRun.Supply(Long.MAX_VALUE, 300, 100).next(5_000_000, 4_999_900)).isEqualTo(100);
    }

    @Test
    void theSessionsSpecGivesTheSamplesJobTheCapAndKafkaTheDirectTopic() throws Exception {
        PipelineSpec sample = IotSample.locate().spec();
        PipelineSpec spec = JobHopSession.spec(sample, 123_456);

        PipelineSpec.JobSpec original = sample.jobs().values().iterator().next();
        PipelineSpec.JobSpec job = spec.jobs().values().iterator().next();
        assertThat(job.args()).startsWith(original.args().toArray(String[]::new))
                .endsWith("--max-offsets-per-trigger", "123456").hasSize(original.args().size() + 2);
        assertThat(job.conf()).isEqualTo(original.conf());
        assertThat(job.mainClass()).isEqualTo(original.mainClass());
        assertThat(spec.sources()).isEmpty();
        assertThat(spec.services().values().stream()
                .filter(s -> s.type() == PipelineSpec.ServiceType.KAFKA)
                .flatMap(s -> s.topics().stream()).map(PipelineSpec.TopicSpec::name).toList())
                .isEqualTo(List.of(IotSample.TOPIC, JobHopSession.DIRECT_TOPIC));
    }
}
