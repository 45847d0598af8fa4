package io.strata.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.store.ControlStore.StoredVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last versions of one record, newest first, as the single string a replicated register holds:
 * a JSON array of {@link StoredVersion}s. Appending a version drops the oldest beyond
 * {@link ControlStore#KEEP_VERSIONS}; a removal appends a version with null JSON (a tombstone), so a
 * removed record can be written again and its versions keep counting up.
 */
final class VersionHistory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<StoredVersion>> LIST = new TypeReference<>() {
    };

    private VersionHistory() {
    }

    /** The versions in an encoded history; empty for an empty string (a register never written). */
    static List<StoredVersion> decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return List.of();
        }
        try {
            return JSON.readValue(encoded, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored record history is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The history with one more version on top (null JSON for a removal), trimmed to the versions kept. */
    static String append(String encoded, String json, long nowMillis) {
        List<StoredVersion> versions = decode(encoded);
        long next = versions.isEmpty() ? 1 : versions.get(0).version() + 1;
        List<StoredVersion> out = new ArrayList<>(ControlStore.KEEP_VERSIONS);
        out.add(new StoredVersion(next, nowMillis, json));
        for (int i = 0; i < versions.size() && out.size() < ControlStore.KEEP_VERSIONS; i++) {
            out.add(versions.get(i));
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a record history", e);
        }
    }

    /** The history with a tombstone on top, or unchanged when the record is already removed or was never written. */
    static String remove(String encoded, long nowMillis) {
        return latest(encoded).isPresent() ? append(encoded, null, nowMillis) : encoded;
    }

    /** The record's current JSON; empty when never written or removed. */
    static Optional<String> latest(String encoded) {
        List<StoredVersion> versions = decode(encoded);
        return versions.isEmpty() ? Optional.empty() : Optional.ofNullable(versions.get(0).json());
    }
}
