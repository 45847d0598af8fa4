package io.strata.service;

import io.strata.store.MemoryControlStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceStoreTest {

    /** A record as the scheduler wrote it before stop intents were an enum and backoffs could reset. */
    static final String SAVED_BEFORE = """
            {
              "type" : "demo", "name" : "old", "config" : { "nodes" : "2" },
              "pods" : [ {
                "id" : "node-0", "type" : "node", "index" : 0,
                "placement" : { "agentId" : { "value" : "a1" }, "host" : "10.0.0.1",
                                "ports" : { "client" : 31000, "peer" : 31001 } },
                "volumeId" : "demo-old-node-0-1a2b3c4d", "volumeCreated" : true, "taskId" : "demo-old-node-0-3",
                "attempt" : 3, "restarts" : 2, "state" : "STOPPING", "reason" : "stopping for a rolling restart",
                "pendingOp" : "restart", "avoidAgent" : null, "notBeforeMillis" : 0, "replacing" : null
              }, {
                "id" : "node-1", "type" : "node", "index" : 1, "placement" : null,
                "volumeId" : "demo-old-node-1-5e6f7a8b", "volumeCreated" : false, "taskId" : null,
                "attempt" : 0, "restarts" : 0, "state" : "WAITING", "reason" : "waiting for resources",
                "pendingOp" : null, "avoidAgent" : null, "notBeforeMillis" : 0, "replacing" : null
              } ],
              "deleting" : false, "deployedOnce" : true
            }
            """;

    @Test
    void legacyRecordFilesAreImportedOnceWithLowerCaseStopIntentsAndRenamed(@TempDir Path home) throws Exception {
        Path dir = Files.createDirectories(home.resolve("services").resolve("demo"));
        Files.writeString(dir.resolve("old.json"), SAVED_BEFORE);
        MemoryControlStore control = new MemoryControlStore();
        ServiceStore store = new ServiceStore(control, home, "demo");

        List<ServiceRecord> loaded = store.loadAll();
        assertThat(loaded).hasSize(1);
        PodRecord pod = loaded.get(0).pod("node-0");
        assertThat(pod.pendingOp()).isEqualTo(StopIntent.RESTART);
        assertThat(pod.restarts()).isEqualTo(2);
        assertThat(pod.recentRestarts()).isZero();
        assertThat(pod.restartHistory()).as("saved before restart histories existed").isEmpty();
        assertThat(pod.placement().port("peer")).isEqualTo(31001);
        assertThat(dir.resolve("old.json")).doesNotExist();
        assertThat(dir.resolve("old.json.imported")).exists();
        assertThat(control.readNow("services/demo", "old")).get().asString().contains("\"pendingOp\":\"restart\"");

        store.save(loaded.get(0));
        assertThat(new ServiceStore(control, home, "demo").loadAll()).containsExactly(loaded.get(0));
    }

    @Test
    void aLegacyFileNeverOverwritesTheStoresNewerRecord(@TempDir Path home) throws Exception {
        MemoryControlStore control = new MemoryControlStore();
        ServiceStore store = new ServiceStore(control, home, "demo");
        ServiceRecord stored = ServiceStore.fromJson(SAVED_BEFORE).markedDeleting();
        store.save(stored);
        Path dir = Files.createDirectories(home.resolve("services").resolve("demo"));
        Files.writeString(dir.resolve("old.json"), SAVED_BEFORE);

        assertThat(store.loadAll()).containsExactly(stored);
        assertThat(dir.resolve("old.json.imported")).exists();
    }

    @Test
    void aDeletedServiceIsGoneAndItsNameCanBeUsedAgain(@TempDir Path home) {
        MemoryControlStore control = new MemoryControlStore();
        ServiceStore store = new ServiceStore(control, home, "demo");
        ServiceRecord record = ServiceStore.fromJson(SAVED_BEFORE);
        store.save(record);
        store.delete("old");
        assertThat(store.loadAll()).isEmpty();
        assertThat(store.load("old")).isEmpty();

        store.save(record);
        assertThat(store.load("old")).contains(record);
    }

    @Test
    void everyStopIntentReadsInEitherCase() {
        for (StopIntent i : StopIntent.values()) {
            assertThat(StopIntent.fromJson(i.json())).isEqualTo(i);
            assertThat(StopIntent.fromJson(i.name())).isEqualTo(i);
        }
        assertThat(StopIntent.RESTART.json()).isEqualTo("restart");
    }
}
