package io.strata.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The control plane's records: everything a singleton owns as intent (service records, pipeline
 * records, queued work, the artifact index, ...), kept apart from what agents hold (processes,
 * volumes). Records are small JSON documents addressed by a namespace ("services/kafka",
 * "pipelines") and a key (the record's name). A write completes once a majority of master nodes
 * hold it; reads ask a majority, so a singleton that takes over sees every acknowledged write.
 * The store keeps the last {@link #KEEP_VERSIONS} versions of each record.
 *
 * <p>No decision code knows the backend: Pekko Distributed Data on master nodes,
 * {@link MemoryControlStore} in unit tests.
 */
public interface ControlStore {

    int KEEP_VERSIONS = 5;

    Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*");

    /** Writes a new version of a record; completes once a majority of master nodes hold it. */
    CompletionStage<Void> put(String namespace, String key, String json);

    /** Removes a record; later reads do not see it (its last versions stay in {@link #history}). */
    CompletionStage<Void> remove(String namespace, String key);

    /** Every record of a namespace (latest version), read from a majority, by key in key order. */
    CompletionStage<Map<String, String>> readAll(String namespace);

    /** The latest version of one record, read from a majority. */
    CompletionStage<Optional<String>> read(String namespace, String key);

    /** The last versions of a record, newest first, at most {@link #KEEP_VERSIONS}. */
    CompletionStage<List<StoredVersion>> history(String namespace, String key);

    /** How long the blocking forms below wait before they give up. */
    Duration timeout();

    /**
     * One version of a record.
     *
     * @param version   1 for the first write of the key, counting up
     * @param writtenAt epoch millis of the write
     * @param json      the record, or null for the version that removed it
     */
    record StoredVersion(long version, long writtenAt, String json) {
    }

    default void putNow(String namespace, String key, String json) {
        await(put(namespace, key, json), "write " + namespace + "/" + key);
    }

    default void removeNow(String namespace, String key) {
        await(remove(namespace, key), "remove " + namespace + "/" + key);
    }

    default Map<String, String> readAllNow(String namespace) {
        return await(readAll(namespace), "read " + namespace);
    }

    default Optional<String> readNow(String namespace, String key) {
        return await(read(namespace, key), "read " + namespace + "/" + key);
    }

    /** Throws when a namespace or key is not lower-case letters, digits, '.', '_', '-' (and '/' in namespaces). */
    static void checkName(String namespace, String key) {
        if (namespace == null || !NAME.matcher(namespace).matches()) {
            throw new IllegalArgumentException("store namespace '" + namespace
                    + "' must be lower-case letters, digits, '.', '_', '-' and '/'");
        }
        if (key == null || key.isEmpty() || key.indexOf('/') >= 0 || key.indexOf('|') >= 0 || key.length() > 200) {
            throw new IllegalArgumentException("store key '" + key + "' must be 1-200 characters without '/' or '|'");
        }
    }

    private <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StoreUnavailableException s) {
                throw s;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new StoreUnavailableException("cannot " + what + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("cannot " + what + ": no majority of master nodes answered within "
                    + timeout().toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while trying to " + what, e);
        }
    }
}
