package io.strata.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.protocol.StrataJacksonModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Service records as JSON files under {@code <home>/services/<type>/}, written atomically on every
 * change, so that a restarted scheduler resumes its services where it left them.
 */
public final class ServiceStore {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new StrataJacksonModule());

    private final Path dir;

    public ServiceStore(Path home, String type) {
        this.dir = home.resolve("services").resolve(type);
    }

    public void save(ServiceRecord record) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(record.name() + ".json.tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
            Files.move(tmp, dir.resolve(record.name() + ".json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save service " + record.name() + " in " + dir, e);
        }
    }

    public void delete(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<ServiceRecord> loadAll() {
        List<ServiceRecord> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
                out.add(JSON.readValue(f.toFile(), ServiceRecord.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read service records in " + dir, e);
        }
        return out;
    }
}
