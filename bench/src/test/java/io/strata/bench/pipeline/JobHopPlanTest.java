package io.strata.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.pipelines.spec.PipelineSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The job hop's plan: every run's batches capped alike on both sides, backlogs that fill the window. */
class JobHopPlanTest {

    private static JobThroughputRun.Run warm(double eventsPerS) {
        return new JobThroughputRun.Run("Strata", 0.5, eventsPerS, 20, 4, 2, 600_000, 30);
    }

    @Test
    void aBacklogIsTheFirstBatchTheWindowAtTheWarmUpRateWithMarginAndTheClosingBatch() {
        JobHopSession.Plan full = JobHopSession.FULL;
        assertThat(full.cap()).isEqualTo(200_000);
        assertThat(full.windowNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(60));
        // 20,000/s x 60 s x 1.05 + 2 x 200,000
        assertThat(full.backlog(warm(20_000))).isEqualTo(1_260_000 + 400_000);
        assertThat(full.backlog(warm(0))).as("never less than two batches").isEqualTo(400_000);
        assertThat(JobHopSession.TINY.backlog(warm(20_000))).as("tiny runs have a fixed backlog").isEqualTo(30_000);
    }

    @Test
    void theFullPlanRunsFivePairsAndItsBacklogSpansSeveralCappedBatches() {
        assertThat(JobHopSession.FULL.throughputPairs()).isEqualTo(5);
        assertThat(JobHopSession.FULL.direct()).isTrue();
        assertThat(JobHopSession.TINY.fixedBacklog() / JobHopSession.TINY.cap()).isGreaterThanOrEqualTo(3);
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
