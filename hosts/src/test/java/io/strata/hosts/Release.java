package io.strata.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The release tarball this reactor built (dist/target/strata-VERSION.tar.gz), unpacked once per
 * test JVM into target/release: the only Strata the host tests run. Every host uses the same
 * unpacked folder, as hosts with the release at one shared path would.
 */
public record Release(Path root) {

    private static Release unpacked;

    /** The launcher, bin/strata. */
    public Path launcher() {
        return root.resolve("bin").resolve("strata");
    }

    /** Unpacks the tarball named by the system property strata.release.tarball (once; again when it changes). */
    public static synchronized Release get() {
        if (unpacked == null) {
            unpacked = unpack(tarball(), Path.of(System.getProperty("strata.hosts.dir", "target/hosts"))
                    .resolveSibling("release"));
        }
        return unpacked;
    }

    private static Path tarball() {
        String property = System.getProperty("strata.release.tarball");
        if (property == null) {
            throw new IllegalStateException("system property strata.release.tarball is not set; run the tests through "
                    + "Maven (hosts/pom.xml sets it)");
        }
        Path tarball = Path.of(property);
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("the release tarball " + tarball + " is missing; build it with "
                    + "'mvn -B package -DskipTests -pl dist -am' (not with -DskipRelease)");
        }
        return tarball;
    }

    private static Release unpack(Path tarball, Path into) {
        try {
            String stamp = tarball.toAbsolutePath() + " " + Files.size(tarball) + " " + Files.getLastModifiedTime(tarball);
            Path marker = into.resolve(".unpacked-from");
            if (!Files.exists(marker) || !Files.readString(marker, StandardCharsets.UTF_8).equals(stamp)) {
                Process rm = new ProcessBuilder("rm", "-rf", into.toString()).inheritIO().start();
                rm.waitFor(60, TimeUnit.SECONDS);
                Files.createDirectories(into);
                Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", into.toString())
                        .redirectErrorStream(true).start();
                String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                    throw new IllegalStateException("cannot unpack " + tarball + ": " + output.strip());
                }
                Files.writeString(marker, stamp, StandardCharsets.UTF_8);
            }
            try (var entries = Files.list(into)) {
                Path root = entries.filter(p -> p.getFileName().toString().startsWith("strata-") && Files.isDirectory(p))
                        .findFirst().orElseThrow(() -> new IllegalStateException(tarball + " holds no strata-VERSION folder"));
                return new Release(root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + tarball, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + tarball, e);
        }
    }
}
