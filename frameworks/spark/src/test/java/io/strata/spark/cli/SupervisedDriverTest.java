package io.strata.spark.cli;

import io.strata.cli.StrataCli;
import io.strata.protocol.ClusterState;
import io.strata.spark.SparkCluster;
import io.strata.testing.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A driver with a checkpoint volume, through the real CLI and real agents: its first run fails
 * after writing to its checkpoint; the dispatcher starts it again on the same agent with the same
 * volume, and the second run finds what the first wrote. Destroying the volume gives its disk back.
 */
class SupervisedDriverTest {

    /** Counts its runs in the checkpoint folder given as its argument; the first run fails. */
    static final String COUNTER = """
            public class CheckpointCounter {
                public static void main(String[] a) throws Exception {
                    java.nio.file.Path f = java.nio.file.Path.of(a[0], "runs");
                    int runs = java.nio.file.Files.exists(f) ? Integer.parseInt(java.nio.file.Files.readString(f).trim()) : 0;
                    runs++;
                    java.nio.file.Files.writeString(f, Integer.toString(runs));
                    System.out.println("RUN " + runs + " in " + a[0]);
                    if (runs == 1) {
                        System.exit(3);
                    }
                    System.out.println("RESUMED runs=" + runs);
                }
            }
            """;

    @TempDir
    static Path home;
    static SparkCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = SparkCluster.start(home);
        StrataCli.pointAt(home, URI.create(cluster.node.apiUrl()));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Path counterJar(Path dir) throws IOException {
        Path src = dir.resolve("src/CheckpointCounter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, COUNTER);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("tests run on a JDK").isNotNull();
        assertThat(javac.run(null, null, null, "-d", classes.toString(), src.toString())).isZero();
        Path jar = dir.resolve("counter.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("CheckpointCounter.class"));
            j.write(Files.readAllBytes(classes.resolve("CheckpointCounter.class")));
            j.closeEntry();
        }
        return jar;
    }

    @Test
    void aFailedDriverStartsAgainOnItsAgentAndFindsItsCheckpoint() throws Exception {
        Path jar = counterJar(home.resolve("counter"));
        StrataCli run = StrataCli.run(home, "spark", "submit", "--class", "CheckpointCounter", "--jar", jar.toString(),
                "--name", "counter", "--driver-memory", "256m", "--conf", "spark.strata.driver.cpus=0.5",
                "--conf", "spark.driver.memoryOverhead=128m", "--checkpoint-volume", "counter:64m", "--wait", "--",
                "${STRATA_CHECKPOINT}");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("RUN 1 in ").contains("RUN 2 in ").contains("RESUMED runs=2");
        assertThat(run.err()).contains("RESTARTING: driver FAILED");
        String id = submissionId(run.err());

        StrataCli status = StrataCli.run(home, "spark", "status", id, "--json");
        assertThat(status.out()).contains("\"state\" : \"FINISHED\"").contains("\"checkpointVolume\" : \"counter\"")
                .contains("\"restarts\" : 1").contains("\"driverTaskId\" : \"" + id + "-run2\"");

        ClusterState state = cluster.state();
        List<ClusterState.TaskView> drivers = state.tasks().stream()
                .filter(t -> t.spec().taskId().value().startsWith(id)).toList();
        assertThat(drivers).extracting(t -> t.spec().taskId().value()).containsExactlyInAnyOrder(id, id + "-run2");
        String agent = drivers.get(0).status().agentId().value();
        assertThat(drivers).allSatisfy(t -> assertThat(t.status().agentId().value()).isEqualTo(agent));
        assertThat(state.volumes()).anySatisfy(v -> {
            assertThat(v.id()).isEqualTo("spark-counter");
            assertThat(v.agentId().value()).isEqualTo(agent);
        });

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> destroyed = http.send(HttpRequest.newBuilder(URI.create(cluster.node.apiUrl()
                + "/api/v1/spark/volumes/counter")).header("Authorization", "Bearer " + cluster.token()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(destroyed.statusCode()).as(destroyed.body()).isEqualTo(202);
        Eventually.await(Duration.ofSeconds(30), "the volume destroyed on its agent",
                () -> cluster.state().volumes().stream().noneMatch(v -> v.id().equals("spark-counter")));
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(cluster.node.apiUrl()
                + "/api/v1/spark/volumes/counter")).header("Authorization", "Bearer " + cluster.token()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(404);
    }

    static String submissionId(String err) {
        Matcher m = Pattern.compile("Submitted (driver-[0-9a-f]+)").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        return m.group(1);
    }
}
