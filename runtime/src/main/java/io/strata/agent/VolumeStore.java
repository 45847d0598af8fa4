package io.strata.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.protocol.MasterCommand.AgentVolume;
import io.strata.resources.FrameworkId;
import io.strata.resources.Volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Persistent volumes on one agent: data under {@code <work dir>/volumes/<id>}, and who owns each
 * under {@code <work dir>/meta/volumes/<id>.json}, so that they outlive tasks, agent restarts and
 * master failovers.
 */
final class VolumeStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path data;
    private final Path meta;

    VolumeStore(Path workDir) {
        this.data = workDir.resolve("volumes").toAbsolutePath();
        this.meta = workDir.resolve("meta").resolve("volumes").toAbsolutePath();
    }

    /** Creates the volume if it is new and returns its directory. */
    Path ensure(FrameworkId owner, Volume volume) throws IOException {
        Path dir = data.resolve(volume.id());
        Files.createDirectories(dir);
        Path file = meta.resolve(volume.id() + ".json");
        if (!Files.exists(file)) {
            Files.createDirectories(meta);
            ObjectNode n = JSON.createObjectNode().put("frameworkId", owner.value()).put("id", volume.id())
                    .put("sizeMb", volume.sizeMb());
            Path tmp = meta.resolve(volume.id() + ".json.tmp");
            Files.write(tmp, JSON.writeValueAsBytes(n));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    /** The directory of an existing volume, or null when this agent has none with that id. */
    Path existing(String volumeId) {
        Path dir = data.resolve(volumeId).normalize();
        return dir.getParent().equals(data) && Files.exists(meta.resolve(volumeId + ".json")) && Files.isDirectory(dir)
                ? dir : null;
    }

    List<AgentVolume> list() {
        List<AgentVolume> out = new ArrayList<>();
        if (!Files.isDirectory(meta)) {
            return out;
        }
        try (Stream<Path> files = Files.list(meta)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json"))::iterator) {
                var n = JSON.readTree(f.toFile());
                out.add(new AgentVolume(FrameworkId.of(n.path("frameworkId").asText()),
                        new Volume(n.path("id").asText(), n.path("sizeMb").asLong())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read volume records in " + meta + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(v -> v.volume().id()));
        return out;
    }

    /** Deletes the volume's data and record. */
    void destroy(String volumeId) throws IOException {
        Path dir = data.resolve(volumeId);
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Files.deleteIfExists(meta.resolve(volumeId + ".json"));
    }
}
