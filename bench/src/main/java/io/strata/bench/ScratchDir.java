package io.strata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory under the temp dir for one harness's files, removed with everything in it on close,
 * unless -Dstrata.bench.keep=true asks to keep it for a look at the logs and sandboxes in it.
 */
public record ScratchDir(Path path) implements AutoCloseable {

    public static ScratchDir create(String prefix) throws IOException {
        return new ScratchDir(Files.createTempDirectory(prefix));
    }

    public Path resolve(String other) {
        return path.resolve(other);
    }

    @Override
    public void close() throws IOException {
        if (Boolean.getBoolean("strata.bench.keep") || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
