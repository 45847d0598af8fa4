package io.strata.artifacts;

import io.strata.store.MemoryControlStore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArtifactIndexTest {

    static final String SHA = "a".repeat(64);

    final MemoryControlStore store = new MemoryControlStore();

    @Test
    void anEntryKeepsTheSizeAndTheHoldersUnderTheArtifactsNamespace() {
        new ArtifactIndex(store).put(SHA, new ArtifactIndex.Entry(42, List.of("http://a:1", "http://b:1")));

        assertThat(new ArtifactIndex(store).read(SHA)).contains(new ArtifactIndex.Entry(42, List.of("http://a:1",
                "http://b:1")));
        assertThat(store.readNow("artifacts", SHA)).hasValueSatisfying(json -> assertThat(json)
                .contains("\"size\":42").contains("http://b:1"));
        assertThat(new ArtifactIndex(store).read("b".repeat(64))).isEmpty();
    }

    @Test
    void aNodeThatFetchedAnArtifactIsAddedOnceToItsHolders() {
        ArtifactIndex index = new ArtifactIndex(store);
        index.put(SHA, new ArtifactIndex.Entry(42, List.of("http://a:1", "http://b:1")));

        index.addHolder(SHA, 42, "http://c:1");
        index.addHolder(SHA, 42, "http://c:1");

        assertThat(index.read(SHA).orElseThrow().holders()).containsExactly("http://a:1", "http://b:1", "http://c:1");
    }

    @Test
    void everyMasterNodeRegistersItsApiUrlOnceWhateverItsAddress() {
        MasterDirectory directory = new MasterDirectory(store);
        directory.register("http://127.0.0.1:8080");
        directory.register("http://Master-2.example:9090");
        directory.register("http://127.0.0.1:8080");

        assertThat(directory.apiUrls()).containsExactlyInAnyOrder("http://127.0.0.1:8080", "http://Master-2.example:9090");
        assertThat(store.readAllNow("cluster/masters")).containsOnlyKeys("127.0.0.1-8080", "master-2.example-9090");
    }

    @Test
    void anApiUrlWithoutHostAndPortIsRefusedByName() {
        assertThatThrownBy(() -> new MasterDirectory(store).register("localhost"))
                .hasMessageContaining("'localhost'").hasMessageContaining("http://HOST:PORT");
    }
}
