package io.strata.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the broker jars are: the folder Maven filled for this checkout (recorded at build time),
 * unless {@code -Dstrata.kafka.dist=DIR} says otherwise.
 */
final class KafkaDist {

    private KafkaDist() {
    }

    static Path locate() {
        String override = System.getProperty("strata.kafka.dist");
        Path dir = override != null ? Path.of(override) : recorded();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Kafka's jars are not at " + dir
                    + "; build them with 'mvn -q package -pl frameworks/kafka/kafka-dist' or set -Dstrata.kafka.dist");
        }
        return dir.toAbsolutePath();
    }

    private static Path recorded() {
        try (InputStream in = KafkaDist.class.getResourceAsStream("kafka-dist.properties")) {
            Properties p = new Properties();
            p.load(in);
            return Path.of(p.getProperty("dist"));
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("kafka-dist.properties is missing from the Kafka framework jar"));
        }
    }
}
