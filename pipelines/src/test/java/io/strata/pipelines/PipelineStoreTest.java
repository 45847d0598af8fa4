package io.strata.pipelines;

import io.strata.store.MemoryControlStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineStoreTest {

    @TempDir
    Path dir;

    final MemoryControlStore records = new MemoryControlStore();

    @Test
    void aSavedPipelineIsARecordInThePipelinesNamespaceThatAnotherNodeLoads() {
        new PipelineStore(records, dir.resolve("node-a")).save("demo", ResumeTest.SAVED_RUNNING);

        assertThat(records.readNow("pipelines", "demo")).contains(ResumeTest.SAVED_RUNNING);
        assertThat(new PipelineStore(records, dir.resolve("node-b")).load()).singleElement()
                .satisfies(r -> assertThat(r.name()).isEqualTo("demo"));
    }

    @Test
    void aDeletedPipelineIsNoLongerLoaded() {
        PipelineStore store = new PipelineStore(records, dir.resolve("pipelines"));
        store.save("demo", ResumeTest.SAVED_RUNNING);
        store.delete("demo");

        assertThat(store.load()).isEmpty();
    }

    @Test
    void legacyFilesAreImportedOnceAndRenamed() throws Exception {
        Path legacy = Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(legacy.resolve("demo.json"), ResumeTest.SAVED_RUNNING);

        assertThat(new PipelineStore(records, legacy).load()).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(PipelineRecord.State.RUNNING));
        assertThat(records.readNow("pipelines", "demo")).contains(ResumeTest.SAVED_RUNNING);
        assertThat(legacy.resolve("demo.json")).doesNotExist();
        assertThat(legacy.resolve("demo.json.imported")).hasContent(ResumeTest.SAVED_RUNNING);

        records.removeNow("pipelines", "demo");
        assertThat(new PipelineStore(records, legacy).load()).as("an imported file is not imported again").isEmpty();
    }

    @Test
    void aLegacyFileDoesNotOverwriteTheRecordTheStoreAlreadyHolds() throws Exception {
        records.putNow("pipelines", "demo", ResumeTest.SAVED_STOPPED);
        Path legacy = Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(legacy.resolve("demo.json"), ResumeTest.SAVED_RUNNING);

        assertThat(new PipelineStore(records, legacy).load()).singleElement()
                .satisfies(r -> assertThat(r.state()).isEqualTo(PipelineRecord.State.STOPPED));
        assertThat(legacy.resolve("demo.json.imported")).exists();
    }

    @Test
    void anUnreadableLegacyFileIsLeftInPlaceAndTheOthersImported() throws Exception {
        Path legacy = Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(legacy.resolve("broken.json"), "{not json");
        Files.writeString(legacy.resolve("demo.json"), ResumeTest.SAVED_RUNNING);

        assertThat(new PipelineStore(records, legacy).load()).extracting(PipelineRecord::name).containsExactly("demo");
        assertThat(legacy.resolve("broken.json")).exists();
    }
}
