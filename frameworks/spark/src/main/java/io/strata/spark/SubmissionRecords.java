package io.strata.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.spark.DriverQueue.VolumeHome;

import io.strata.store.ControlStore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The dispatcher's records in the control store: {@code spark/submissions} (key: submission id)
 * and {@code spark/volumes} (key: checkpoint volume name), as JSON. A record the code cannot read
 * is skipped with its key named, not fatal to the dispatcher that takes over.
 */
final class SubmissionRecords {

    static final String SUBMISSIONS = "spark/submissions";
    static final String VOLUMES = "spark/volumes";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private SubmissionRecords() {
    }

    static String json(Object record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record + " as JSON", e);
        }
    }

    /**
     * Writes what a decision changed: submissions saved or forgotten, volumes placed or destroyed.
     * Each write is its own; returns them by what they wrote, for the caller to watch.
     */
    static Map<String, CompletionStage<Void>> write(ControlStore store, DriverQueue.Decisions d) {
        Map<String, CompletionStage<Void>> writes = new LinkedHashMap<>();
        d.saved.values().forEach(s -> writes.put("submission " + s.id(), store.put(SUBMISSIONS, s.id(), json(s))));
        d.forgotten.forEach(id -> writes.put("submission " + id, store.remove(SUBMISSIONS, id)));
        d.volumesSaved.values().forEach(v -> writes.put("volume " + v.name(), store.put(VOLUMES, v.name(), json(v))));
        d.volumesDestroyed.forEach(name -> writes.put("volume " + name, store.remove(VOLUMES, name)));
        return writes;
    }

    /** The queue as stored; {@code unreadable} hears of each record skipped. */
    static DriverQueue restore(SparkSettings settings, DriverQueue.Supervision supervision,
                               Map<String, String> submissions, Map<String, String> volumes,
                               Consumer<String> unreadable) {
        Read<DriverSubmission> subs = submissions(submissions);
        Read<VolumeHome> vols = volumes(volumes);
        subs.unreadable().forEach(unreadable);
        vols.unreadable().forEach(unreadable);
        return DriverQueue.restore(settings, supervision, subs.records(), vols.records());
    }

    /** The records read, and a sentence per record that could not be read. */
    record Read<T>(List<T> records, List<String> unreadable) {
    }

    static Read<DriverSubmission> submissions(Map<String, String> stored) {
        return read(stored, DriverSubmission.class, "submission");
    }

    static Read<VolumeHome> volumes(Map<String, String> stored) {
        return read(stored, VolumeHome.class, "volume");
    }

    private static <T> Read<T> read(Map<String, String> stored, Class<T> type, String what) {
        List<T> out = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        stored.forEach((key, json) -> {
            try {
                out.add(MAPPER.readValue(json, type));
            } catch (JsonProcessingException | RuntimeException e) {
                unreadable.add(what + " " + key + ": " + e.getMessage());
            }
        });
        return new Read<>(out, unreadable);
    }
}
