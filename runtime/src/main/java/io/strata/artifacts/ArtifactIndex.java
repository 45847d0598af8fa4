package io.strata.artifacts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.store.ControlStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which master nodes hold which artifact: in the control store, namespace {@value #NAMESPACE}, key
 * = the artifact's SHA-256, value = its size and the API URLs of the master nodes holding it.
 */
public final class ArtifactIndex {

    public static final String NAMESPACE = "artifacts";

    static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** @param holders API base URLs (http://host:port) of master nodes that hold the bytes */
    public record Entry(long size, List<String> holders) {
        public Entry {
            holders = List.copyOf(holders);
        }
    }

    private final ControlStore store;

    public ArtifactIndex(ControlStore store) {
        this.store = store;
    }

    /** The entry, read from a majority; empty for an artifact no master node was given. */
    public Optional<Entry> read(String sha256) {
        return store.readNow(NAMESPACE, sha256).map(json -> {
            try {
                return MAPPER.readValue(json, Entry.class);
            } catch (IOException e) {
                throw new UncheckedIOException("artifact index record " + sha256 + " is not readable", e);
            }
        });
    }

    /** Writes the entry; returns once a majority of master nodes hold it. */
    public void put(String sha256, Entry entry) {
        try {
            store.putNow(NAMESPACE, sha256, MAPPER.writeValueAsString(entry));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds one holder (a node that fetched the artifact on demand) to what the index says. */
    public void addHolder(String sha256, long size, String apiUrl) {
        Entry current = read(sha256).orElse(new Entry(size, List.of()));
        if (current.holders().contains(apiUrl)) {
            return;
        }
        List<String> holders = new ArrayList<>(current.holders());
        holders.add(apiUrl);
        put(sha256, new Entry(current.size(), holders));
    }
}
