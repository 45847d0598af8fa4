package io.strata.pipelines;

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
import java.util.stream.Stream;

/** One JSON file per pipeline under {@code <home>/pipelines}, replaced atomically on every change. */
final class PipelineStore {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineStore.class);

    private final Path dir;

    PipelineStore(Path dir) {
        this.dir = dir;
    }

    void save(String name, String json) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".json.tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save pipeline " + name + " in " + dir, e);
        }
    }

    List<PipelineRecord> load() {
        List<PipelineRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    out.add(LocalApi.MAPPER.readValue(f.toFile(), PipelineRecord.class));
                } catch (IOException e) {
                    LOG.warn("skipping unreadable pipeline file={} reason=\"{}\"", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
