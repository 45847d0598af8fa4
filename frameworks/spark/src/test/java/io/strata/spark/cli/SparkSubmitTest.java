package io.strata.spark.cli;

import io.strata.cli.StrataCli;
import io.strata.resources.TaskState;
import io.strata.spark.SparkCluster;
import io.strata.spark.SparkProcess;
import io.strata.testing.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster mode through the real CLI: {@code strata spark submit} uploads the jar, the dispatcher
 * runs the driver as a Strata task that fetches it, and the driver's executors are Strata tasks.
 */
class SparkSubmitTest {

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

    /** Small driver and executors, and the application's own arguments after '--'. */
    static String[] submit(String mainClass, String jar, String executorMemory, String... appArgs) {
        List<String> args = new ArrayList<>(List.of("spark", "submit", "--class", mainClass, "--jar", jar,
                "--name", "etl", "--executors", "2", "--executor-memory", executorMemory, "--driver-memory", "512m",
                "--conf", "spark.strata.executor.cpus=0.5", "--conf", "spark.strata.driver.cpus=0.5",
                "--conf", "spark.executor.memoryOverhead=128m", "--conf", "spark.driver.memoryOverhead=256m",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=8",
                "--conf", "spark.executor.extraJavaOptions=-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                "--conf", "spark.driver.extraJavaOptions=-XX:+UseSerialGC -XX:TieredStopAtLevel=1", "--wait", "--"));
        args.addAll(List.of(appArgs));
        return args.toArray(String[]::new);
    }

    @Test
    void anApplicationWrittenWithoutStrataRunsUnchangedThroughSubmit() {
        long started = System.nanoTime();
        StrataCli run = StrataCli.run(home, submit("io.strata.spark.apps.ShuffleJob", SparkProcess.testApps(), "512m", "200000"));
        System.out.printf("submit --wait took %.1fs%n", (System.nanoTime() - started) / 1e9);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("RESULT groups=100 total=19999900000 rows=200000");
        String id = submissionId(run.err());

        StrataCli list = StrataCli.run(home, "spark", "list");
        assertThat(list.out()).containsPattern(id + "\\s+etl\\s+FINISHED");
        StrataCli status = StrataCli.run(home, "spark", "status", id, "--json");
        assertThat(status.out()).contains("\"state\" : \"FINISHED\"").contains("\"appId\" : \"spark-")
                .containsPattern("\"taskId\" : \"spark-[0-9a-f]+-exec-2\"");
        assertThat(StrataCli.run(home, "spark", "logs", id).out()).contains("RESULT groups=100");

        var tasks = cluster.state().tasks();
        assertThat(tasks).anySatisfy(t -> {
            assertThat(t.spec().taskId().value()).isEqualTo(id);
            assertThat(t.frameworkName()).isEqualTo("spark-dispatcher");
            assertThat(t.status().state()).isEqualTo(TaskState.FINISHED);
        });
        Eventually.await(Duration.ofSeconds(30), "no executor left", () -> cluster.liveExecutors().isEmpty());
    }

    @Test
    void aKillWithGraceZeroEndsTheDriverWithSigkillAtOnceAndItsExecutorsWithIt() {
        List<String> args = new ArrayList<>(List.of(submit("io.strata.spark.apps.ShuffleJob", SparkProcess.testApps(), "512m",
                "2000000000")));
        args.remove("--wait");
        StrataCli run = StrataCli.run(home, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        String id = run.out().trim();
        assertThat(id).startsWith("driver-");
        Eventually.await(Duration.ofSeconds(120), "the driver running with an executor", () ->
                StrataCli.run(home, "spark", "status", id, "--json").out().contains("\"state\" : \"RUNNING\"")
                        && !cluster.liveExecutors().isEmpty());

        StrataCli bad = StrataCli.run(home, "spark", "kill", id, "--grace", "soon");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("'grace' must be a duration").contains("got 'soon'");
        assertThat(StrataCli.run(home, "spark", "status", id, "--json").out()).contains("\"state\" : \"RUNNING\"");

        StrataCli kill = StrataCli.run(home, "spark", "kill", id, "--grace", "0s");
        assertThat(kill.exitCode()).as(kill.err()).isZero();
        Eventually.await(Duration.ofSeconds(30), "the driver killed with SIGKILL", () -> cluster.state().tasks().stream()
                .anyMatch(t -> t.spec().taskId().value().equals(id) && t.status().state() == TaskState.KILLED
                        && t.status().reason().equals("killed on request (SIGKILL)")));
        Eventually.await(Duration.ofSeconds(30), "no executor left", () -> cluster.liveExecutors().isEmpty());
    }

    @Test
    void badInputGetsClearErrors() {
        StrataCli missing = StrataCli.run(home, submit("x.Main", home.resolve("nope.jar").toString(), "512m"));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.jar does not exist");

        StrataCli noClass = StrataCli.run(home, submit("com.example.NotThere", SparkProcess.testApps(), "512m"));
        assertThat(noClass.exitCode()).isEqualTo(2);
        assertThat(noClass.err()).contains("Class com.example.NotThere is not in");

        StrataCli hugeDriver = StrataCli.run(home, "spark", "submit", "--class", "io.strata.spark.apps.ShuffleJob", "--jar",
                SparkProcess.testApps(), "--driver-memory", "64g");
        assertThat(hugeDriver.exitCode()).isEqualTo(2);
        assertThat(hugeDriver.err()).contains("The driver needs").contains("largest agent");

        StrataCli hugeExecutors = StrataCli.run(home, submit("io.strata.spark.apps.ShuffleJob", SparkProcess.testApps(), "16g"));
        assertThat(hugeExecutors.exitCode()).isEqualTo(1);
        assertThat(hugeExecutors.err()).contains("an executor needs 0.5 cpus, 16512 MB mem but the largest agent");
    }

    private static String submissionId(String err) {
        Matcher m = Pattern.compile("Submitted (driver-[0-9a-f]+)").matcher(err);
        assertThat(m.find()).as(err).isTrue();
        return m.group(1);
    }
}
