package io.strata.agent.process;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.strata.resources.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Task checkpoints under {@code workDir/meta/tasks/<taskId>.json}. Each write goes to a temporary
 * file first and is then renamed over the old one, so a crash leaves the old or the new version,
 * never half of one. A launch writes one: as the task turns RUNNING, with its pid.
 */
final class CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final ObjectMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    /** Set once the directory exists: a launch then pays no mkdir for it. */
    private volatile boolean dirReady;

    CheckpointStore(Path workDir) {
        this.dir = workDir.resolve("meta").resolve("tasks");
    }

    Path file(TaskId id) {
        return dir.resolve(FileNames.safe(id.value()) + SUFFIX);
    }

    void write(TaskCheckpoint checkpoint) {
        Path target = file(checkpoint.taskId());
        // One temporary file per task and thread: two threads never write the same one.
        Path tmp = dir.resolve(".tmp-" + Thread.currentThread().getId() + "-" + target.getFileName());
        try {
            byte[] bytes = json.writeValueAsBytes(checkpoint);
            if (!dirReady) {
                Files.createDirectories(dir);
                dirReady = true;
            }
            try {
                try {
                    Files.write(tmp, bytes);
                } catch (java.nio.file.NoSuchFileException gone) {
                    Files.createDirectories(dir);
                    Files.write(tmp, bytes);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                writes.incrementAndGet();
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    /** Checkpoints written by this store so far. */
    long writes() {
        return writes.get();
    }

    /** Every readable checkpoint; unreadable ones are logged and skipped. */
    List<TaskCheckpoint> readAll() {
        List<TaskCheckpoint> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> {
            String name = p.getFileName().toString();
            return name.endsWith(SUFFIX) && !name.startsWith(".tmp-");
        })) {
            for (Path f : files) {
                try {
                    out.add(json.readValue(f.toFile(), TaskCheckpoint.class));
                } catch (IOException e) {
                    log.warn("checkpoint unreadable file={} error={}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
        return out;
    }

    void delete(TaskId id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete checkpoint " + file(id), e);
        }
    }
}
