package io.strata.pipelines;

import io.strata.store.ControlStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Pipeline records in the control store (namespace {@value #NAMESPACE}, key = pipeline name), so
 * that the orchestrator taking over on another master node knows every pipeline. Records that an
 * older Strata kept as {@code <home>/pipelines/<name>.json} are imported once, the first time this
 * node loads, and the files renamed {@code .json.imported}.
 */
final class PipelineStore {

    static final String NAMESPACE = "pipelines";

    private static final Logger LOG = LoggerFactory.getLogger(PipelineStore.class);

    private final ControlStore store;
    private final Path legacyDir;

    PipelineStore(ControlStore store, Path legacyDir) {
        this.store = store;
        this.legacyDir = legacyDir;
    }

    /** Writes the record; returns once a majority of master nodes hold it. */
    void save(String name, String json) {
        store.putNow(NAMESPACE, name, json);
    }

    /** Every pipeline, read from a majority of master nodes (after importing legacy files, if any). */
    List<PipelineRecord> load() {
        importLegacyFiles();
        List<PipelineRecord> out = new ArrayList<>();
        for (Map.Entry<String, String> e : store.readAllNow(NAMESPACE).entrySet()) {
            try {
                out.add(LocalApi.MAPPER.readValue(e.getValue(), PipelineRecord.class));
            } catch (IOException ex) {
                LOG.warn("skipping unreadable pipeline record pipeline={} reason=\"{}\"", e.getKey(), ex.getMessage());
            }
        }
        return out;
    }

    void delete(String name) {
        store.removeNow(NAMESPACE, name);
    }

    /**
     * A legacy file whose pipeline the store already knows is not imported: the store's record is
     * the newer one (another master node imported or updated it).
     */
    private void importLegacyFiles() {
        if (!Files.isDirectory(legacyDir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(legacyDir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list legacy pipeline files in " + legacyDir, e);
        }
        for (Path f : files) {
            String file = f.getFileName().toString();
            String name = file.substring(0, file.length() - ".json".length());
            try {
                String json = Files.readString(f, StandardCharsets.UTF_8);
                PipelineRecord r = LocalApi.MAPPER.readValue(json, PipelineRecord.class);
                if (!r.name().equals(name)) {
                    LOG.warn("not importing pipeline file={} reason=\"it holds pipeline {}\"", f, r.name());
                    continue;
                }
                if (store.readNow(NAMESPACE, name).isEmpty()) {
                    store.putNow(NAMESPACE, name, json);
                    LOG.info("pipeline imported into the control store pipeline={} file={}", name, f);
                }
                Files.move(f, f.resolveSibling(file + ".imported"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("not importing unreadable pipeline file={} reason=\"{}\"", f, e.getMessage());
            }
        }
    }
}
