package io.strata.dashboard;

import io.strata.resources.TaskState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryTest {

    final History history = new History(Duration.ofSeconds(5), Duration.ofHours(1));

    @Test
    void aPointSumsTheActiveAgentsAndCountsTasksByState() {
        var state = Snapshots.cluster().agent("agent-1", 4, 4096, 1.5, 1024).agent("agent-2", 2, 2048, 0.5, 512)
                .agent("gone", false, io.strata.resources.Resources.of(8, 8192), io.strata.resources.Resources.of(1, 1),
                        io.strata.resources.Resources.EMPTY, java.util.Map.of())
                .task("t1", Snapshots.ADHOC, TaskState.RUNNING, "", "agent-1")
                .task("t2", Snapshots.ADHOC, TaskState.FAILED, "exited with code 3", "agent-2")
                .pending("t3", "waiting", null);

        History.Point p = history.sample(state.state(), state.queue(), 10_000).orElseThrow();

        assertThat(p.cpusUsed()).isEqualTo(2.0);
        assertThat(p.cpusTotal()).isEqualTo(6.0);
        assertThat(p.memUsedMb()).isEqualTo(1536);
        assertThat(p.memTotalMb()).isEqualTo(6144);
        assertThat(p.diskTotalMb()).isEqualTo(2000);
        assertThat(p.tasks()).containsEntry("RUNNING", 1).containsEntry("FAILED", 1).containsEntry("PENDING", 1)
                .containsEntry("LOST", 0).hasSize(TaskState.values().length);
    }

    @Test
    void keepsOnePointPerIntervalForTheLastHourOldestFirst() {
        var state = Snapshots.cluster().agent("agent-1", 4, 4096, 1, 1024);
        long t = 1_000_000;
        int kept = 0;
        for (int second = 0; second < 2 * 3600; second++) {
            if (history.sample(state.state(), state.queue(), t + second * 1000L).isPresent()) {
                kept++;
            }
        }
        long now = t + (2 * 3600 - 1) * 1000L;

        assertThat(kept).isEqualTo(2 * 720);
        assertThat(history.size()).isEqualTo(720);
        List<History.Point> hour = history.since(Duration.ofHours(1), now);
        assertThat(hour).hasSize(720);
        assertThat(hour.get(0).t()).isLessThan(hour.get(719).t());
        assertThat(hour.get(0).t()).isGreaterThan(now - 3_600_000);
        assertThat(history.since(Duration.ofMinutes(1), now)).hasSize(12);
    }

    @Test
    void aSamplerThatIsAFewMillisecondsEarlyStillKeepsEachInterval() {
        var state = Snapshots.cluster().agent("agent-1", 4, 4096, 1, 1024);
        assertThat(history.sample(state.state(), null, 0)).isPresent();
        assertThat(history.sample(state.state(), null, 4_990)).isPresent();
        assertThat(history.sample(state.state(), null, 6_000)).isEmpty();
    }

    @Test
    void anIntervalOutsideItsWindowIsRefused() {
        assertThatThrownBy(() -> new History(Duration.ofHours(2), Duration.ofHours(1)))
                .hasMessageContaining("interval");
    }
}
