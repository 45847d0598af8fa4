package io.strata.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release tarball on its own: what it holds, and that its launcher needs nothing but Java. */
class ReleaseTest {

    private final Release release = Release.get();

    @Test
    void holdsTheLauncherStrataAndThirdPartyJarsEveryServersJarsAndTheSamples() throws IOException {
        Path root = release.root();
        assertThat(root.getFileName().toString()).isEqualTo("strata-" + System.getProperty("strata.version"));
        assertThat(Files.isExecutable(release.launcher())).isTrue();
        assertThat(names(root.resolve("lib/strata"))).anyMatch(n -> n.startsWith("strata-runtime-"))
                .anyMatch(n -> n.startsWith("strata-spark-plugin-")).anyMatch(n -> n.startsWith("strata-pipelines-"));
        assertThat(names(root.resolve("lib/third-party"))).anyMatch(n -> n.startsWith("pekko-cluster_"));
        assertThat(names(root.resolve("servers/kafka"))).anyMatch(n -> n.startsWith("kafka_2.13-"));
        assertThat(names(root.resolve("servers/cassandra"))).anyMatch(n -> n.startsWith("cassandra-all-"));
        assertThat(names(root.resolve("servers/spark"))).anyMatch(n -> n.startsWith("spark-core_"))
                .anyMatch(n -> n.startsWith("spark-launcher_"));
        assertThat(root.resolve("samples/iot-sensors/pipeline.yaml")).isRegularFile();
        assertThat(root.resolve("samples/iot-sensors/target/iot-sensors.jar")).isRegularFile();
    }

    @Test
    void launcherRunsFromAnyDirectoryThroughASymlink(@TempDir Path dir) throws Exception {
        Path link = dir.resolve("strata");
        Files.createSymbolicLink(link, release.launcher());
        CliResult version = run(dir, Map.of(), link.toString(), "--version");
        assertThat(version.assertOk().stdout().strip()).isEqualTo("strata " + System.getProperty("strata.version"));
    }

    @Test
    void launcherNamesAJavaHomeWithoutJava(@TempDir Path dir) throws Exception {
        CliResult result = run(dir, Map.of("JAVA_HOME", dir.toString()), release.launcher().toString(), "--version");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("JAVA_HOME is '" + dir + "' but it has no bin/java");
    }

    /** 'strata up' re-launches java for its daemon: the daemon must find the release's server jars too. */
    @Test
    void localClusterDaemonRunsWithTheReleasesServerJars() throws Exception {
        Path dir = Path.of(System.getProperty("strata.hosts.dir", "target/hosts"), "ReleaseTest.daemon").toAbsolutePath();
        try (Hosts hosts = Hosts.create(1, dir)) {
            Host host = hosts.get(0);
            Strata strata = new Strata(release);
            strata.cli(host, "up", "--agents", "1", "--cpus", "1", "--mem", "1024").assertOk();
            JsonNode cluster = new ObjectMapper().readTree(host.home().resolve("cluster.json").toFile());
            String cmdline = Files.readString(Path.of("/proc", cluster.path("pid").asText(), "cmdline"))
                    .replace('\0', ' ');
            for (String server : List.of("kafka", "cassandra", "spark")) {
                assertThat(cmdline).contains("-Dstrata." + server + ".dist=" + release.root().resolve("servers/" + server));
            }
            assertThat(strata.cli(host, "status", "--json").assertOk().json().path("agents")).hasSize(1);
            strata.cli(host, "down").assertOk();
            assertThat(host.pids()).as("nothing runs on the host after 'strata down'").isEmpty();
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static CliResult run(Path cwd, Map<String, String> env, String... command) throws Exception {
        Path out = cwd.resolve("out");
        Path err = cwd.resolve("err");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within " + Duration.ofMinutes(1));
        }
        return new CliResult(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
