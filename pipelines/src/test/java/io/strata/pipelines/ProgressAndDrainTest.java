package io.strata.pipelines;

import io.strata.pipelines.PipelineRecord.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.strata.pipelines.PlannerHarness.running;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress from Kafka offsets and the DRAINED rule. The harness's clock moves one second a step;
 * offsets are asked for every two seconds (every other step), the 'written' count every five.
 */
class ProgressAndDrainTest {

    @TempDir
    Path dir;

    static PlannerHarness.Seen read(PlannerHarness.Seen s, long end, long committed) {
        return s.offsets(Map.of("kafka/readings", end), Map.of("agg", committed));
    }

    @Test
    void producedProcessedAndLagComeFromTheTopicsEndOffsetsAndTheJobsCommittedOffsets() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.step(read(running(RunState.RUNNING), 100, 40));
        assertThat(h.watch.offsets()).as("not due yet").isNull();
        assertThat(h.record().eventsProduced()).isZero();

        h.step(read(running(RunState.RUNNING), 100, 40));
        assertThat(h.watch.offsets().ends()).containsOnlyKeys("kafka/readings");
        assertThat(h.watch.offsets().committed()).containsExactly(
                new Watch.Group("agg", "127.0.0.1:30000", "strata-demo-agg", "readings"));
        assertThat(h.record().eventsProduced()).isEqualTo(100);
        assertThat(h.record().eventsProcessed()).isEqualTo(40);
        assertThat(h.record().lag()).isEqualTo(60);
        assertThat(h.record().jobs().get("agg").processed()).isEqualTo(40);
        assertThat(h.record().jobs().get("agg").lag()).isEqualTo(60);
    }

    @Test
    void drainedOnlyInAReadingAskedForAfterEverythingFirstLookedDrained() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.step(read(running(RunState.FINISHED), 100, 100));
        assertThat(h.record().jobs().get("summary").submitted()).isTrue();

        PlannerHarness.Seen done = read(running(RunState.FINISHED).driver("summary", RunState.FINISHED, 0), 100, 100);
        h.step(done);
        assertThat(h.watch.offsets()).as("read in this step").isNotNull();
        assertThat(h.record().state()).as("this reading may predate the last events").isEqualTo(State.RUNNING);
        h.step(done);
        assertThat(h.watch.offsets()).isNull();
        assertThat(h.record().state()).isEqualTo(State.RUNNING);
        h.step(done);
        assertThat(h.record().state()).isEqualTo(State.DRAINED);
        assertThat(h.record().reason())
                .isEqualTo("the sources have finished and every produced event has been processed (100 events)");
        assertThat(h.record().drainedAt()).isEqualTo(h.now);
    }

    @Test
    void notDrainedWhileTheBatchJobRunsOrTheStreamingJobLagsBehind() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.step(read(running(RunState.FINISHED), 100, 100));
        for (int i = 0; i < 4; i++) {
            h.step(read(running(RunState.FINISHED).driver("summary", RunState.RUNNING, 1), 100, 100));
        }
        assertThat(h.record().state()).as("the batch job still runs").isEqualTo(State.RUNNING);
        for (int i = 0; i < 4; i++) {
            h.step(read(running(RunState.FINISHED).driver("summary", RunState.FINISHED, 0), 100, 99));
        }
        assertThat(h.record().state()).as("one event not processed").isEqualTo(State.RUNNING);
        assertThat(h.record().lag()).isEqualTo(1);
    }

    @Test
    void aReadingThatMissesTheSourceTopicChangesNothingAndCannotDrain() {
        PlannerHarness h = new PlannerHarness(dir);
        h.untilRunning();
        h.step(read(running(RunState.RUNNING), 100, 40));
        h.step(read(running(RunState.RUNNING), 100, 40));
        h.step(read(running(RunState.FINISHED), 100, 100));
        PlannerHarness.Seen unreadable = running(RunState.FINISHED).driver("summary", RunState.FINISHED, 0)
                .offsets(Map.of(), Map.of("agg", 100L));
        for (int i = 0; i < 4; i++) {
            h.step(unreadable);
        }
        assertThat(h.record().eventsProcessed()).isEqualTo(40);
        assertThat(h.record().state()).isEqualTo(State.RUNNING);
    }

    @Test
    void theWrittenCountIsReadWhenItsCassandraIsReadyAndMarksWhenEventsFirstLanded() {
        PlannerHarness h = new PlannerHarness(dir, PlannerHarness.DEMO + """
                written:
                  cassandra: cassandra
                  cql: SELECT sum(count) FROM k.readings_by_minute
                """);
        h.untilRunning();
        assertThat(h.record().eventsWritten()).as("asked only before cassandra was ready").isNull();
        for (int i = 0; i < 5 && h.watch.written() == null; i++) {
            h.step(running(RunState.RUNNING).written(0));
        }
        assertThat(h.watch.written()).isEqualTo(new Watch.WrittenProbe("demo-cassandra",
                "SELECT sum(count) FROM k.readings_by_minute"));
        assertThat(h.record().eventsWritten()).isZero();
        assertThat(h.record().firstWrittenAt()).isNull();
        for (int i = 0; i < 5; i++) {
            h.step(running(RunState.RUNNING).written(25));
        }
        assertThat(h.record().eventsWritten()).isEqualTo(25);
        assertThat(h.record().firstWrittenAt()).isEqualTo(h.now);
    }
}
