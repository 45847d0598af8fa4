package io.strata.agent.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

class ClassPathEntriesTest {

    @TempDir
    Path dir;

    @Test
    void aJarsManifestClassPathCountsAsPartOfTheClassPath() throws Exception {
        Path booter = dir.resolve("booter.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/a.jar file:/opt/repo/b%20c.jar http://x/y.jar");
        try (OutputStream out = Files.newOutputStream(booter); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }

        assertThat(ClassPathEntries.of(dir.resolve("classes") + ":" + booter)).containsExactly(dir.resolve("classes"),
                booter, dir.resolve("lib/a.jar"), Path.of("/opt/repo/b c.jar"));
    }
}
