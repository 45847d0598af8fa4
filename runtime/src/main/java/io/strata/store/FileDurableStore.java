package io.strata.store;

import com.typesafe.config.Config;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.cluster.ddata.DurableStore;
import org.apache.pekko.cluster.ddata.DurableStore.DurableDataEnvelope;
import org.apache.pekko.cluster.ddata.ORSet;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The control store replicator's durable store: one file per replicated entry under a directory of
 * the master node's home, each written to a temporary file, forced to disk and renamed over the
 * old one (then the directory forced), so that a crash leaves either the old or the new entry.
 *
 * <p>Chosen over Pekko's LMDB store because that one needs {@code --add-opens} flags in every JVM
 * that hosts a master (the CLI, the daemon, surefire, test forks, the bench) and a native library;
 * control-plane records are few and small, so one synchronous file per write is cheap enough.
 * It speaks the protocol of {@link DurableStore}: LoadAll at start, then Store with a reply.
 */
public final class FileDurableStore extends AbstractActor {

    private static final int FORMAT = 0x53545231; // "STR1"
    private static final String SUFFIX = ".ddata";

    private final LoggingAdapter log = Logging.getLogger(getContext().getSystem(), this);
    private final String dirSetting;
    private final SerializerWithStringManifest serializer;
    private final String manifest;

    public FileDurableStore(Config config) {
        this.dirSetting = config.getString("dir");
        try {
            this.serializer = (SerializerWithStringManifest) SerializationExtension.get(getContext().getSystem())
                    .serializerFor(DurableDataEnvelope.class);
        } catch (java.io.NotSerializableException e) {
            throw new IllegalStateException("Pekko's replicator serializer is not configured", e);
        }
        this.manifest = serializer.manifest(new DurableDataEnvelope(ORSet.empty()));
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .matchEquals(DurableStore.LoadAll$.MODULE$, m -> loadAll())
                .match(DurableStore.Store.class, this::store)
                .build();
    }

    private Path dir() {
        if (dirSetting.isBlank()) {
            throw new DurableStore.LoadFailed("strata.store.dir is not set: a master node needs a directory for the "
                    + "control store (StrataNode sets <home>/control-store)");
        }
        return Path.of(dirSetting);
    }

    private void loadAll() {
        Path dir = dir();
        Map<String, DurableDataEnvelope> loaded = new HashMap<>();
        try {
            Files.createDirectories(dir);
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.toList();
            }
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                } else if (name.endsWith(SUFFIX)) {
                    read(f, loaded);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new DurableStore.LoadFailed("cannot load the control store from " + dir + ": " + e, e);
        }
        log.info("control store loaded dir={} entries={}", dir, loaded.size());
        if (!loaded.isEmpty()) {
            getSender().tell(new DurableStore.LoadData(toScala(loaded)), getSelf());
        }
        getSender().tell(DurableStore.LoadAllCompleted$.MODULE$, getSelf());
    }

    private void read(Path file, Map<String, DurableDataEnvelope> into) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (in.readInt() != FORMAT) {
                throw new IOException("file " + file + " is not a control store entry");
            }
            String key = in.readUTF();
            byte[] bytes = in.readNBytes(in.readInt());
            into.put(key, (DurableDataEnvelope) fromBinary(bytes));
        }
    }

    private Object fromBinary(byte[] bytes) throws IOException {
        return serializer.fromBinary(bytes, manifest);
    }

    private void store(DurableStore.Store m) {
        try {
            write(m.key(), serializer.toBinary(m.data()));
            if (m.reply().isDefined()) {
                m.reply().get().replyTo().tell(m.reply().get().successMsg(), getSelf());
            }
        } catch (IOException | RuntimeException e) {
            log.error("control store entry not written key={} error=\"{}\"", m.key(), e.toString());
            if (m.reply().isDefined()) {
                m.reply().get().replyTo().tell(m.reply().get().failureMsg(), getSelf());
            }
        }
    }

    private void write(String key, byte[] data) throws IOException {
        Path dir = dir();
        Files.createDirectories(dir);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length + key.length() + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeUTF(key);
            out.writeInt(data.length);
            out.write(data);
        }
        String name = fileName(key);
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes.toByteArray());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** A readable prefix of the key plus a hash of all of it: unique, and within file-name limits. */
    static String fileName(String key) {
        String readable = key.replaceAll("[^A-Za-z0-9._-]", "_");
        if (readable.length() > 80) {
            readable = readable.substring(0, 80);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return readable + "-" + HexFormat.of().formatHex(hash, 0, 8) + SUFFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static scala.collection.immutable.Map<String, DurableDataEnvelope> toScala(Map<String, DurableDataEnvelope> m) {
        return (scala.collection.immutable.Map<String, DurableDataEnvelope>) scala.collection.immutable.Map$.MODULE$
                .from(scala.jdk.javaapi.CollectionConverters.asScala(m));
    }
}
