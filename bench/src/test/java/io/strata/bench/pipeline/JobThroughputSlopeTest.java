package io.strata.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The job hop's slope: from the first batch written to the first batch a window later, or the last of the backlog. */
class JobThroughputSlopeTest {

    private static final long S = 1_000_000_000L;

    private static JobThroughputRun.Commit at(double seconds, long written) {
        return new JobThroughputRun.Commit(Math.round(seconds * S), written);
    }

    @Test
    void spansFromTheFirstBatchToTheFirstBatchAWindowLater() {
        List<JobThroughputRun.Commit> commits = List.of(at(3, 20_000), at(10, 120_000), at(40, 500_000),
                at(65, 800_000), at(90, 1_100_000));
        double[] s = JobThroughputRun.slope(commits, 60 * S, 2_000_000);
        assertThat(s[0]).isEqualTo(780_000 / 62.0);
        assertThat(s[1]).isEqualTo(62.0);
        assertThat(s[2]).as("batches after the first").isEqualTo(3);
    }

    @Test
    void endsAtTheBatchThatWroteTheWholeBacklogIfThatComesSooner() {
        List<JobThroughputRun.Commit> commits = List.of(at(2, 10_000), at(12, 100_000), at(30, 300_000));
        double[] s = JobThroughputRun.slope(commits, 60 * S, 300_000);
        assertThat(s[0]).isEqualTo(290_000 / 28.0);
    }

    @Test
    void hasNoSlopeBeforeASecondBatchOrWhileTheWindowIsOpen() {
        assertThat(JobThroughputRun.slope(List.of(), 60 * S, 100)).isNull();
        assertThat(JobThroughputRun.slope(List.of(at(2, 50)), 60 * S, 100)).isNull();
        assertThat(JobThroughputRun.slope(List.of(at(2, 50), at(30, 80)), 60 * S, 100)).isNull();
    }
}
