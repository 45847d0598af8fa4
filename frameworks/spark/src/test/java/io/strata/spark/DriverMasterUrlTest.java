package io.strata.spark;

import io.strata.artifacts.ArtifactStore;
import io.strata.artifacts.ClusterArtifacts;
import io.strata.artifacts.MasterDirectory;
import io.strata.resources.OfferId;
import io.strata.resources.TaskState;
import io.strata.spark.DriverQueue.Decisions;
import io.strata.spark.SparkProtocol.CheckpointVolume;
import io.strata.spark.SparkProtocol.SubmissionRequest;
import io.strata.store.ControlStore;
import io.strata.store.MemoryControlStore;
import io.strata.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static io.strata.spark.DriverQueueTest.SETTINGS;
import static io.strata.spark.DriverQueueTest.SUPERVISION;
import static io.strata.spark.DriverQueueTest.T0;
import static io.strata.spark.DriverQueueTest.offer;
import static io.strata.spark.DriverQueueTest.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster-mode driver's master URL names every master node, the one its submission came through
 * first, so the driver reaches Strata while that node is gone; a supervised driver re-launched by
 * the dispatcher that took over on another node has the same list.
 */
class DriverMasterUrlTest {

    static final String THREE = "https://10.251.42.11:8080,https://10.251.42.12:8080,https://10.251.42.13:8080";

    @TempDir
    Path home;

    static SubmissionRequest submitted(String apiUrl) {
        return new SubmissionRequest("agg", "com.example.Job", "abc", "http://10.251.42.11:8080/api/v1/artifacts/abc",
                List.of(), 1, 1024, Map.of(), apiUrl, new CheckpointVolume("iot-agg", 512));
    }

    private static void written(ControlStore store, Decisions d) {
        SubmissionRecords.write(store, d).values().forEach(w -> w.toCompletableFuture().join());
    }

    private static String script(Decisions d, String offer) {
        return d.launches.get(OfferId.of(offer)).get(0).args().get(1);
    }

    @Test
    void theMasterUrlListsEachMasterNodeWithoutSchemeOrRepeats() {
        assertThat(SparkTasks.masterUrl("http://127.0.0.1:8080")).isEqualTo("strata://127.0.0.1:8080");
        assertThat(SparkTasks.masterUrl(THREE)).isEqualTo("strata://10.251.42.11:8080,10.251.42.12:8080,10.251.42.13:8080");
        assertThat(SparkTasks.masterUrl("http://h1:8080, http://h2:9090/,http://h1:8080"))
                .isEqualTo("strata://h1:8080,h2:9090");
    }

    @Test
    void theDriverGetsEveryMasterNodeAsItsSparkMaster() {
        String sh = SparkTasks.driver(SETTINGS, "driver-1", submitted(THREE)).args().get(1);
        assertThat(sh).contains(" '-Dspark.master=strata://10.251.42.11:8080,10.251.42.12:8080,10.251.42.13:8080' ");
    }

    @Test
    void aDriverReLaunchedAfterADispatcherTakeoverKeepsTheList() {
        MemoryControlStore store = new MemoryControlStore();
        DriverQueue first = new DriverQueue(SETTINGS, SUPERVISION);
        DriverSubmission s = first.newSubmission("driver-1", submitted(THREE), T0);
        store.putNow(SubmissionRecords.SUBMISSIONS, "driver-1", SubmissionRecords.json(s));
        written(store, first.admit(s));
        written(store, first.offers(List.of(offer("o1", "a1", 4, 8192, 4096)), T0));
        written(store, first.status(status("driver-1", "a1", TaskState.RUNNING, ""), T0 + 5000));

        DriverQueue second = SubmissionRecords.restore(SETTINGS, SUPERVISION, store.readAllNow(SubmissionRecords.SUBMISSIONS),
                store.readAllNow(SubmissionRecords.VOLUMES), unreadable -> {
                    throw new AssertionError(unreadable);
                });
        assertThat(second.get("driver-1").request().apiUrl()).isEqualTo(THREE);
        second.status(status("driver-1", "a1", TaskState.FAILED, "exit code 1"), T0 + 600_000);
        Decisions d = second.offers(List.of(offer("o2", "a1", 4, 8192, 0)), T0 + 700_000);
        assertThat(script(d, "o2")).contains("-Dspark.master=strata://10.251.42.11:8080,10.251.42.12:8080,10.251.42.13:8080");
    }

    @Test
    void aSubmissionNamesTheNodeItCameThroughFirstThenEveryMasterNode() {
        MemoryControlStore store = new MemoryControlStore();
        MasterDirectory directory = new MasterDirectory(store);
        directory.register("https://10.251.42.11:8080");
        directory.register("https://10.251.42.12:8080");
        directory.register("https://10.251.42.13:8080");
        ClusterArtifacts artifacts = new ClusterArtifacts(new ArtifactStore(home), store, () -> "https://10.251.42.12:8080");
        assertThat(artifacts.apiUrls("https://10.251.42.12:8080")).containsExactly("https://10.251.42.12:8080",
                "https://10.251.42.11:8080", "https://10.251.42.13:8080");
    }

    @Test
    void withoutTheDirectoryASubmissionNamesOnlyTheNodeItCameThrough() {
        ClusterArtifacts artifacts = new ClusterArtifacts(new ArtifactStore(home), new UnavailableStore(),
                () -> "http://127.0.0.1:8080");
        assertThat(artifacts.apiUrls("http://127.0.0.1:8080")).containsExactly("http://127.0.0.1:8080");
    }

    /** A control store without a majority: every call fails as the real one does then. */
    static final class UnavailableStore implements ControlStore {
        private static <T> CompletionStage<T> noMajority() {
            return CompletableFuture.failedFuture(new StoreUnavailableException("no majority of master nodes answered"));
        }

        @Override
        public CompletionStage<Void> put(String namespace, String key, String json) {
            return noMajority();
        }

        @Override
        public CompletionStage<Void> remove(String namespace, String key) {
            return noMajority();
        }

        @Override
        public CompletionStage<Map<String, String>> readAll(String namespace) {
            return noMajority();
        }

        @Override
        public CompletionStage<Optional<String>> read(String namespace, String key) {
            return noMajority();
        }

        @Override
        public CompletionStage<List<StoredVersion>> history(String namespace, String key) {
            return noMajority();
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(1);
        }
    }
}
