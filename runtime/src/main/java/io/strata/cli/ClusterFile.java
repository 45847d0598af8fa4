package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code $STRATA_HOME/cluster.json}: which process serves a home's cluster and where its API
 * listens. Written by the node process once its API answers, removed when it stops.
 */
record ClusterFile(long pid, URI api, Instant startedAt) {

    static final String NAME = "cluster.json";
    private static final Duration PID_REUSE_SLACK = Duration.ofSeconds(2);

    static Path path(Path home) {
        return home.resolve(NAME);
    }

    static Optional<ClusterFile> read(Path home) {
        Path file = path(home);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (json == null || !json.path("pid").canConvertToLong() || !json.path("api").isTextual()) {
                throw new IOException("it lacks a pid or an api address");
            }
            Instant started = json.hasNonNull("startedAt")
                    ? Instant.parse(json.get("startedAt").asText()) : Instant.EPOCH;
            return Optional.of(new ClusterFile(json.get("pid").asLong(), URI.create(json.get("api").asText()), started));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw CliFailure.failure("Cannot read " + file + " (" + e.getMessage()
                    + "). Delete it if no Strata cluster is running.");
        }
    }

    /** Writes the file atomically, so a reader never sees half of it. */
    void write(Path home) throws IOException {
        ObjectNode json = Json.MAPPER.createObjectNode()
                .put("pid", pid)
                .put("api", api.toString())
                .put("startedAt", startedAt.toString());
        AtomicFile.write(path(home), Json.pretty(json) + "\n");
    }

    static void delete(Path home) {
        try {
            Files.deleteIfExists(path(home));
        } catch (IOException e) {
            throw CliFailure.failure("Cannot delete " + path(home) + " (" + e.getMessage() + ").");
        }
    }

    /** Deletes the file only if it still names {@code pid}, so a stopping node never removes a successor's. */
    static void deleteIfOwnedBy(Path home, long pid) {
        try {
            if (read(home).map(f -> f.pid() == pid).orElse(false)) {
                delete(home);
            }
        } catch (CliFailure ignored) {
            // an unreadable file is not ours to judge while shutting down
        }
    }

    /**
     * The process named by the file, if it still runs. A process that started after the file was
     * written is a different one that reused the pid (with slack: Linux derives process start
     * times from a boot time kept in whole seconds).
     */
    Optional<ProcessHandle> process() {
        Instant latestStart = startedAt.plus(PID_REUSE_SLACK);
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().map(s -> !s.isAfter(latestStart)).orElse(true));
    }
}
