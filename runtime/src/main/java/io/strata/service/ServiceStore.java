package io.strata.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
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
 * change, so that a restarted scheduler resumes its services where it left them. Stop intents are
 * written in lower case ("restart"), as records were before they became an enum.
 */
public final class ServiceStore {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new StrataJacksonModule())
            .registerModule(new SimpleModule("service-store")
                    .addSerializer(StopIntent.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(StopIntent v, JsonGenerator gen, SerializerProvider p)
                                throws IOException {
                            gen.writeString(v.json());
                        }
                    })
                    .addDeserializer(StopIntent.class, new JsonDeserializer<>() {
                        @Override
                        public StopIntent deserialize(JsonParser parser, DeserializationContext ctx)
                                throws IOException {
                            return StopIntent.fromJson(parser.getValueAsString());
                        }
                    }));

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
