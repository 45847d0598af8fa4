package io.strata.dashboard;

import io.strata.resources.Resources;
import io.strata.resources.TaskState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterEventsTest {

    final ClusterEvents events = new ClusterEvents(ClusterEvents.DEFAULT_CAPACITY);

    List<ClusterEvents.Event> observe(Snapshots s, long at) {
        return events.observe(s.state(), s.queue(), at);
    }

    @Test
    void theFirstSnapshotIsTheBaseline() {
        assertThat(observe(Snapshots.cluster().agent("agent-1", 4, 4096, 1, 64)
                .task("t1", Snapshots.ADHOC, TaskState.FAILED, "exited with code 1", "agent-1"), 1000)).isEmpty();
    }

    @Test
    void aFailedTaskIsAnErrorWithItsReason() {
        observe(Snapshots.cluster().agent("agent-1", 4, 4096, 1, 64)
                .task("t1", Snapshots.ADHOC, TaskState.RUNNING, "", "agent-1"), 1000);

        List<ClusterEvents.Event> out = observe(Snapshots.cluster().agent("agent-1", 4, 4096, 0, 0)
                .task("t1", Snapshots.ADHOC, TaskState.FAILED, "exited with code 3; stderr: boom", "agent-1"), 2000);

        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("task-state");
            assertThat(e.severity()).isEqualTo("error");
            assertThat(e.task()).isEqualTo("t1");
            assertThat(e.agent()).isEqualTo("agent-1");
            assertThat(e.group()).isEqualTo("default");
            assertThat(e.state()).isEqualTo("FAILED");
            assertThat(e.atMillis()).isEqualTo(2000);
            assertThat(e.text()).isEqualTo("task t1 (job-t1) is FAILED on agent-1: exited with code 3; stderr: boom");
        });
    }

    @Test
    void aLostTaskAndItsLostAgentAreWarnings() {
        observe(Snapshots.cluster().agent("agent-1", 4, 4096, 1, 64)
                .task("t1", Snapshots.IOT, TaskState.RUNNING, "", "agent-1"), 1000);

        List<ClusterEvents.Event> out = observe(Snapshots.cluster()
                .agent("agent-1", false, Resources.of(4, 4096), Resources.EMPTY, Resources.EMPTY, Map.of())
                .task("t1", Snapshots.IOT, TaskState.LOST, "agent agent-1 (10.0.0.1) lost: silent for 10.4 s", "agent-1"),
                2000);

        assertThat(out).extracting(ClusterEvents.Event::kind, ClusterEvents.Event::severity, ClusterEvents.Event::group)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("agent-lost", "warning", null),
                        org.assertj.core.groups.Tuple.tuple("task-state", "warning", "iot"));
        assertThat(out.get(0).text()).isEqualTo("agent agent-1 (10.0.0.1) was lost; its tasks are LOST");
        assertThat(out.get(1).text()).contains("is LOST", "silent for 10.4 s");
    }

    @Test
    void agentsRegisteringComingBackAndRemoved() {
        observe(Snapshots.cluster().agent("agent-1", 4, 4096, 0, 0), 1000);
        assertThat(observe(Snapshots.cluster().agent("agent-1", 4, 4096, 0, 0).agent("agent-2", 2, 1024, 0, 0), 2000))
                .singleElement().satisfies(e -> {
                    assertThat(e.kind()).isEqualTo("agent-registered");
                    assertThat(e.severity()).isEqualTo("info");
                    assertThat(e.text()).isEqualTo("agent agent-2 (10.0.0.2) registered with 2 cpus, 1024 MB mem, 1000 MB disk");
                });
        assertThat(observe(Snapshots.cluster().agent("agent-2", 2, 1024, 0, 0), 3000)).singleElement()
                .satisfies(e -> assertThat(e.text()).isEqualTo("agent agent-1 was lost and removed"));
    }

    @Test
    void aMasterFailoverIsAWarningNamingTheNewMaster() {
        observe(Snapshots.cluster().agent("agent-1", 4, 4096, 0, 0), 1000);

        List<ClusterEvents.Event> out = observe(Snapshots.cluster().master("pekko://strata@127.0.0.2:25520", "epoch-2")
                .agent("agent-1", 4, 4096, 0, 0), 2000);

        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("master-changed");
            assertThat(e.severity()).isEqualTo("warning");
            assertThat(e.text()).isEqualTo("the master moved to pekko://strata@127.0.0.2:25520 (was pekko://strata@127.0.0.1:25520)");
        });
    }

    @Test
    void aWaitingTaskWhoseReasonChangesSaysSoAndItsLaunchIsAStateChange() {
        observe(Snapshots.cluster().agent("agent-1", 1, 1024, 1, 64), 1000);
        assertThat(observe(Snapshots.cluster().agent("agent-1", 1, 1024, 1, 64)
                .pending("t9", "waiting for 1 cpus", "iot"), 2000)).singleElement()
                .satisfies(e -> {
                    assertThat(e.kind()).isEqualTo("task-state");
                    assertThat(e.state()).isEqualTo("PENDING");
                    assertThat(e.group()).isEqualTo("iot");
                });
        assertThat(observe(Snapshots.cluster().agent("agent-1", 1, 1024, 1, 64)
                .pending("t9", "waiting for 1 cpus", "iot"), 3000)).isEmpty();

        List<ClusterEvents.Event> changed = observe(Snapshots.cluster().agent("agent-1", 1, 1024, 1, 64)
                .pending("t9", "group iot is at its limit of 6 cpus", "iot"), 4000);

        assertThat(changed).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("task-pending");
            assertThat(e.text()).isEqualTo("task t9 (wait-t9) waits: group iot is at its limit of 6 cpus");
        });
        // The queue not answering is no news; the launch is.
        assertThat(events.observe(Snapshots.cluster().agent("agent-1", 1, 1024, 1, 64).state(), null, 5000)).isEmpty();
        assertThat(observe(Snapshots.cluster().agent("agent-1", 1, 1024, 1, 64)
                .task("t9", Snapshots.ADHOC, TaskState.STAGING, "", "agent-1"), 6000))
                .extracting(ClusterEvents.Event::state).containsExactly("STAGING");
    }

    @Test
    void theRingKeepsTheNewestEventsAndPagesForward() {
        ClusterEvents small = new ClusterEvents(5);
        small.observe(Snapshots.cluster().state(), null, 0);
        for (int i = 1; i <= 8; i++) {
            small.observe(Snapshots.cluster().task("t" + i, Snapshots.ADHOC, TaskState.RUNNING, "", null).state(), null, i);
        }

        assertThat(small.size()).isEqualTo(5);
        assertThat(small.lastSeq()).isEqualTo(8);
        assertThat(small.after(null, 10, e -> true)).extracting(ClusterEvents.Event::seq).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(small.after(null, 2, e -> true)).extracting(ClusterEvents.Event::seq).containsExactly(7L, 8L);
        assertThat(small.after(5L, 2, e -> true)).extracting(ClusterEvents.Event::seq).containsExactly(6L, 7L);
        assertThat(small.after(8L, 10, e -> true)).isEmpty();
    }

    @Test
    void aScopedTokenSeesItsGroupsTasksAndTheClustersAgents() {
        observe(Snapshots.cluster().agent("agent-1", 4, 4096, 0, 0), 1000);
        observe(Snapshots.cluster().agent("agent-1", 4, 4096, 0, 0).agent("agent-2", 4, 4096, 0, 0)
                .task("mine", Snapshots.IOT, TaskState.RUNNING, "", "agent-1")
                .task("theirs", Snapshots.ADHOC, TaskState.RUNNING, "", "agent-1"), 2000);
        var iot = new io.strata.security.Principal("0123456789ab", "iot-viewer", io.strata.security.Role.VIEWER, "iot");

        assertThat(events.after(null, 100, DashboardRoutes.visibleTo(iot)))
                .extracting(e -> e.task() == null ? e.agent() : e.task()).containsExactly("agent-2", "mine");
    }
}
