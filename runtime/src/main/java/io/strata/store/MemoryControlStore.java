package io.strata.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The store in one JVM's memory, for unit tests and harnesses: same contract, no replication. */
public final class MemoryControlStore implements ControlStore {

    private final Clock clock;
    private final Map<String, LinkedList<StoredVersion>> records = new TreeMap<>();

    public MemoryControlStore() {
        this(Clock.systemUTC());
    }

    public MemoryControlStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized CompletionStage<Void> put(String namespace, String key, String json) {
        ControlStore.checkName(namespace, key);
        if (json == null) {
            throw new IllegalArgumentException("a record's JSON must not be null");
        }
        append(namespace, key, json);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> remove(String namespace, String key) {
        ControlStore.checkName(namespace, key);
        LinkedList<StoredVersion> versions = records.get(id(namespace, key));
        if (versions != null && versions.getFirst().json() != null) {
            append(namespace, key, null);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Map<String, String>> readAll(String namespace) {
        ControlStore.checkName(namespace, "x");
        Map<String, String> out = new TreeMap<>();
        String prefix = namespace + "|";
        records.forEach((id, versions) -> {
            if (id.startsWith(prefix) && versions.getFirst().json() != null) {
                out.put(id.substring(prefix.length()), versions.getFirst().json());
            }
        });
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public synchronized CompletionStage<Optional<String>> read(String namespace, String key) {
        ControlStore.checkName(namespace, key);
        LinkedList<StoredVersion> versions = records.get(id(namespace, key));
        return CompletableFuture.completedFuture(versions == null ? Optional.empty()
                : Optional.ofNullable(versions.getFirst().json()));
    }

    @Override
    public synchronized CompletionStage<List<StoredVersion>> history(String namespace, String key) {
        ControlStore.checkName(namespace, key);
        LinkedList<StoredVersion> versions = records.get(id(namespace, key));
        return CompletableFuture.completedFuture(versions == null ? List.of() : new ArrayList<>(versions));
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(1);
    }

    private void append(String namespace, String key, String json) {
        LinkedList<StoredVersion> versions = records.computeIfAbsent(id(namespace, key), k -> new LinkedList<>());
        long next = versions.isEmpty() ? 1 : versions.getFirst().version() + 1;
        versions.addFirst(new StoredVersion(next, clock.millis(), json));
        while (versions.size() > KEEP_VERSIONS) {
            versions.removeLast();
        }
    }

    private static String id(String namespace, String key) {
        return namespace + "|" + key;
    }
}
