package io.strata.spark;

import io.strata.resources.OfferId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.spark.DriverQueue.Decisions;
import io.strata.store.MemoryControlStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.strata.spark.DriverQueueTest.SETTINGS;
import static io.strata.spark.DriverQueueTest.SUPERVISION;
import static io.strata.spark.DriverQueueTest.T0;
import static io.strata.spark.DriverQueueTest.offer;
import static io.strata.spark.DriverQueueTest.request;
import static io.strata.spark.DriverQueueTest.status;
import static io.strata.spark.DriverQueueTest.streaming;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher's queue in the control store: what one dispatcher wrote, the next one (the Spark
 * singleton moved to another master node) reads and goes on with.
 */
class DispatcherTakeoverTest {

    final MemoryControlStore store = new MemoryControlStore();
    final List<String> unreadable = new ArrayList<>();

    /** One dispatcher's life: every decision written as the actor writes it. */
    Decisions written(Decisions d) {
        SubmissionRecords.write(store, d).values().forEach(w -> w.toCompletableFuture().join());
        return d;
    }

    DriverSubmission submitted(DriverQueue q, String id, DriverSubmission s) {
        store.putNow(SubmissionRecords.SUBMISSIONS, id, SubmissionRecords.json(s));
        written(q.admit(s));
        return s;
    }

    DriverQueue takeOver() {
        return SubmissionRecords.restore(SETTINGS, SUPERVISION, store.readAllNow(SubmissionRecords.SUBMISSIONS),
                store.readAllNow(SubmissionRecords.VOLUMES), unreadable::add);
    }

    @Test
    void aDispatcherRestartedOnTheSameStoreListsAndStartsItsQueuedSubmission() {
        DriverQueue first = new DriverQueue(SETTINGS, SUPERVISION);
        submitted(first, "driver-1", first.newSubmission("driver-1", request("report", null), T0));
        written(first.offers(List.of(offer("o1", "a1", 0.5, 8192, 0)), T0));

        DriverQueue second = takeOver();
        assertThat(second.submissions()).extracting(DriverSubmission::id, DriverSubmission::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("driver-1", "QUEUED"));
        assertThat(second.get("driver-1").request()).isEqualTo(request("report", null));
        assertThat(second.launched()).isEmpty();

        Decisions d = written(second.offers(List.of(offer("o2", "a2", 4, 8192, 0)), T0 + 30_000));
        assertThat(d.launches.get(OfferId.of("o2"))).extracting(TaskSpec::taskId).containsExactly(TaskId.of("driver-1"));
        assertThat(takeOver().get("driver-1").state()).as("the launch is stored too").isEqualTo("STAGING");
        assertThat(unreadable).isEmpty();
    }

    @Test
    void launchedDriversAreReconciledAndEndedOnesStayListed() {
        DriverQueue first = new DriverQueue(SETTINGS, SUPERVISION);
        submitted(first, "driver-1", first.newSubmission("driver-1", streaming(), T0));
        submitted(first, "driver-2", first.newSubmission("driver-2", request("batch", null), T0 + 1));
        written(first.offers(List.of(offer("o1", "a1", 4, 8192, 4096)), T0));
        written(first.status(status("driver-1", "a1", TaskState.RUNNING, ""), T0 + 5000));
        written(first.status(status("driver-2", "a1", TaskState.FINISHED, "exit code 0"), T0 + 6000));

        DriverQueue second = takeOver();
        assertThat(second.launched()).containsExactly(TaskId.of("driver-1"));
        assertThat(second.get("driver-2").state()).isEqualTo("FINISHED");
        assertThat(second.volume("iot-agg").agentId()).as("where the checkpoint is survives too").isEqualTo("a1");

        // The driver's process dies after the takeover: it restarts in place with its volume.
        written(second.status(status("driver-1", "a1", TaskState.FAILED, "exit code 1"), T0 + 600_000));
        DriverQueue third = takeOver();
        assertThat(third.get("driver-1").state()).isEqualTo("RESTARTING");
        Decisions d = third.offers(List.of(offer("o2", "a1", 4, 8192, 0)), T0 + 700_000);
        assertThat(d.launches.get(OfferId.of("o2")).get(0).volume().id()).isEqualTo("spark-iot-agg");
    }

    @Test
    void aRecordThisCodeCannotReadIsSkippedAndNamed() {
        store.putNow(SubmissionRecords.SUBMISSIONS, "driver-x", "{\"id\":");
        DriverQueue q = takeOver();
        assertThat(q.submissions()).isEmpty();
        assertThat(unreadable).singleElement().asString().startsWith("submission driver-x:");
    }

    @Test
    void aDestroyedVolumeIsGoneFromTheStore() {
        DriverQueue first = new DriverQueue(SETTINGS, SUPERVISION);
        submitted(first, "driver-1", first.newSubmission("driver-1", streaming(), T0));
        written(first.offers(List.of(offer("o1", "a1", 4, 8192, 4096)), T0));
        written(first.kill("driver-1"));
        written(first.status(status("driver-1", "a1", TaskState.KILLED, "killed"), T0 + 1000));
        Decisions d = new Decisions();
        assertThat(first.destroyVolume("iot-agg", d)).isNull();
        written(d);
        assertThat(store.readAllNow(SubmissionRecords.VOLUMES)).isEqualTo(Map.of());
        assertThat(takeOver().volume("iot-agg")).isNull();
    }
}
