package io.strata.agent.process;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The files this JVM runs from: its class path entries, and those a jar's manifest adds (a test
 * runner's class path often lives in one jar's {@code Class-Path}). Tasks started with this
 * JVM's class path (a pipeline's sources, for one) read the same files.
 */
final class ClassPathEntries {

    private ClassPathEntries() {
    }

    static List<Path> ofThisJvm() {
        return of(System.getProperty("java.class.path", ""));
    }

    static List<Path> of(String classPath) {
        List<Path> out = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath();
            out.add(p);
            if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
                out.addAll(manifestClassPath(p));
            }
        }
        return out;
    }

    private static List<Path> manifestClassPath(Path jar) {
        List<Path> out = new ArrayList<>();
        try (JarFile f = new JarFile(jar.toFile())) {
            var manifest = f.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return out;
            }
            URI base = jar.toUri();
            for (String e : cp.trim().split("\\s+")) {
                try {
                    URI u = base.resolve(new URI(e));
                    if ("file".equals(u.getScheme())) {
                        out.add(Path.of(u));
                    }
                } catch (URISyntaxException | IllegalArgumentException ignored) {
                    // an entry that is no file URL names nothing tasks could read
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
