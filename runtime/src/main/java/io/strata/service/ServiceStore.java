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

import com.fasterxml.jackson.core.JsonProcessingException;
import io.strata.store.ControlStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Service records of one type in the control store (namespace {@code services/<type>}, key = the
 * service's name), so that whichever master node runs the type's manager resumes its services where
 * they were left. Every call waits for a majority of master nodes and throws
 * {@link io.strata.store.StoreUnavailableException} when none answers in time. Stop intents are
 * written in lower case ("restart"), as records were before they became an enum.
 *
 * <p>Records that an older Strata kept as files under {@code <home>/services/<type>/} are imported
 * once, on the first {@link #loadAll()}, and renamed {@code *.json.imported}.
 */
public final class ServiceStore {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceStore.class);

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

    private final ControlStore store;
    private final String namespace;
    private final Path legacyDir;

    /** The control store the records live in (the scheduler also reads its group's quota there). */
    ControlStore control() {
        return store;
    }

    public ServiceStore(ControlStore store, Path home, String type) {
        this.store = store;
        this.namespace = "services/" + type;
        this.legacyDir = home.resolve("services").resolve(type);
    }

    public void save(ServiceRecord record) {
        store.putNow(namespace, record.name(), toJson(record));
    }

    public void delete(String name) {
        store.removeNow(namespace, name);
    }

    /** One service's record as a majority of master nodes hold it. */
    public Optional<ServiceRecord> load(String name) {
        return store.readNow(namespace, name).map(ServiceStore::fromJson);
    }

    /** Every service of the type, read from a majority of master nodes, after importing legacy files. */
    public List<ServiceRecord> loadAll() {
        importLegacyFiles();
        List<ServiceRecord> out = new ArrayList<>();
        for (String json : store.readAllNow(namespace).values()) {
            out.add(fromJson(json));
        }
        return out;
    }

    private void importLegacyFiles() {
        if (!Files.isDirectory(legacyDir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(legacyDir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list legacy service records in " + legacyDir, e);
        }
        for (Path f : files) {
            try {
                ServiceRecord record = JSON.readValue(f.toFile(), ServiceRecord.class);
                if (store.readNow(namespace, record.name()).isEmpty()) {
                    save(record);
                }
                Files.move(f, f.resolveSibling(f.getFileName() + ".imported"));
                LOG.info("service record imported into the control store file={} service={}", f, record.name());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot import legacy service record " + f, e);
            }
        }
    }

    static String toJson(ServiceRecord record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode service record " + record.name(), e);
        }
    }

    static ServiceRecord fromJson(String json) {
        try {
            return JSON.readValue(json, ServiceRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored service record is not valid: " + e.getOriginalMessage(), e);
        }
    }
}
