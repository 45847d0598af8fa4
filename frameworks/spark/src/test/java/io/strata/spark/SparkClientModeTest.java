package io.strata.spark;

import io.strata.testing.Eventually;
import io.strata.protocol.ClusterState;
import io.strata.resources.CpuBurst;
import io.strata.resources.TaskState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spark applications in client mode (the driver is a JVM of the test, with .master("strata://…")
 * given as a system property) whose executors are real JVMs launched as Strata tasks.
 */
class SparkClientModeTest {

    static final Duration START = Duration.ofSeconds(120);

    @TempDir
    static Path home;
    static SparkCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = SparkCluster.start(home);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Small executors: 0.5 Strata cpus, one task slot, 512 MB heap (Spark's minimum is 450) + 128 MB overhead. */
    static List<String> conf(String... extra) {
        List<String> conf = new ArrayList<>(List.of(
                "spark.master=" + cluster.masterUrl(),
                "spark.strata.token=" + cluster.token(),
                "spark.driver.host=127.0.0.1",
                "spark.ui.enabled=false",
                "spark.executor.memory=512m",
                "spark.executor.memoryOverhead=128m",
                "spark.strata.executor.cpus=0.5",
                "spark.executor.extraJavaOptions=-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                "spark.sql.shuffle.partitions=8",
                "spark.jars=" + SparkProcess.testApps()));
        conf.addAll(List.of(extra));
        return conf;
    }

    @Test
    void shuffleJobComputesTheKnownAnswerOnExecutorsThatAreStrataTasks() {
        long started = System.nanoTime();
        try (SparkProcess driver = SparkProcess.driver(cluster.settings, home.resolve("shuffle"),
                conf("spark.executor.instances=2"), "io.strata.spark.apps.ShuffleJob", "1000000")) {
            List<ClusterState.TaskView> executors = Eventually.awaitValue(START, "two executors running", () -> {
                List<ClusterState.TaskView> running = cluster.liveExecutors().stream()
                        .filter(t -> t.status().state() == TaskState.RUNNING).toList();
                failIfDead(driver);
                return running.size() >= 2 ? running : null;
            });
            System.out.printf("executors running %.1fs after the driver started%n", (System.nanoTime() - started) / 1e9);
            assertThat(executors).allSatisfy(t -> assertThat(t.frameworkName()).isEqualTo("spark:shuffle-job"));
            assertThat(executors).as("0.5-cpu executors start with a burst to 1.5 cpus for 60 s by default")
                    .allSatisfy(t -> assertThat(t.spec().cpuBurst()).isEqualTo(new CpuBurst(1500, 60)));
            List<ProcessHandle> processes = processTrees(executors);

            String result = driver.awaitLine(START, l -> l.startsWith("RESULT"));
            assertThat(result).isEqualTo("RESULT groups=100 total=499999500000 rows=1000000");
            assertThat(driver.awaitExit(Duration.ofSeconds(60))).as(driver.tail()).isZero();
            System.out.printf("job done %.1fs after the driver started%n", (System.nanoTime() - started) / 1e9);

            Eventually.await(Duration.ofSeconds(30), "no executor task left", () -> cluster.liveExecutors().isEmpty());
            Eventually.await(Duration.ofSeconds(30), "no executor process left",
                    () -> processes.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    @Test
    void dynamicAllocationGrowsToItsMaximumUnderLoadThenShrinksToItsMinimumAndFreesTheCpus() throws Exception {
        Path stop = home.resolve("dynamic-stop");
        try (SparkProcess driver = SparkProcess.driver(cluster.settings, home.resolve("dynamic"), conf(
                "spark.dynamicAllocation.enabled=true",
                "spark.dynamicAllocation.shuffleTracking.enabled=true",
                "spark.dynamicAllocation.minExecutors=1",
                "spark.dynamicAllocation.initialExecutors=1",
                "spark.dynamicAllocation.maxExecutors=3",
                "spark.dynamicAllocation.schedulerBacklogTimeout=1s",
                "spark.dynamicAllocation.sustainedSchedulerBacklogTimeout=1s",
                "spark.dynamicAllocation.executorIdleTimeout=3s"),
                "io.strata.spark.apps.SlowJob", "30", "1500", stop.toString())) {
            Eventually.await(START, "three executors running under load", () -> {
                failIfDead(driver);
                assertThat(cluster.liveExecutors()).as("never more than the maximum").hasSizeLessThanOrEqualTo(3);
                return cluster.runningExecutors() == 3;
            });
            // Three executors of 0.5 cpus on two agents of 1 cpu leave no agent with a whole cpu free.
            assertThat(driver.awaitLine(START, l -> l.startsWith("RESULT"))).isEqualTo("RESULT sum=435");
            Eventually.await(Duration.ofSeconds(60), "back to one executor when idle", () -> {
                failIfDead(driver);
                return cluster.liveExecutors().size() == 1;
            });
            String task = AdhocTask.run(cluster, "after-shrink", 1.0);
            Eventually.await(Duration.ofSeconds(30), "another framework's 1-cpu task ran on the freed cpus",
                    () -> AdhocTask.state(cluster, task) == TaskState.FINISHED);
            java.nio.file.Files.createFile(stop);
            assertThat(driver.awaitExit(Duration.ofSeconds(60))).as(driver.tail()).isZero();
            Eventually.await(Duration.ofSeconds(30), "no executor task left", () -> cluster.liveExecutors().isEmpty());
        }
    }

    @Test
    void killingAnExecutorMidJobLetsSparkFinishAndADriverThatDisappearsTakesItsExecutors() {
        try (SparkProcess driver = SparkProcess.driver(cluster.settings, home.resolve("kill"),
                conf("spark.executor.instances=2"), "io.strata.spark.apps.SlowJob", "24", "1500",
                home.resolve("never").toString())) {
            List<ClusterState.TaskView> executors = Eventually.awaitValue(START, "two executors running", () -> {
                failIfDead(driver);
                List<ClusterState.TaskView> running = cluster.liveExecutors().stream()
                        .filter(t -> t.status().state() == TaskState.RUNNING).toList();
                return running.size() == 2 ? running : null;
            });
            Eventually.await(START, "the job half way", () -> {
                failIfDead(driver);
                return driver.stderr().split("Finished task", -1).length - 1 >= 6;
            });
            ProcessHandle victim = processTrees(executors.subList(0, 1)).stream()
                    .filter(p -> p.info().command().orElse("").endsWith("/java")).findFirst()
                    .orElseThrow(() -> new AssertionError("no executor JVM under task " + executors.get(0).spec().taskId()));
            victim.destroyForcibly();

            assertThat(driver.awaitLine(START, l -> l.startsWith("RESULT"))).isEqualTo("RESULT sum=276");
            assertThat(cluster.state().tasks().stream().filter(t -> t.frameworkName().equals("spark:slow-job")))
                    .as("a replacement executor was launched").hasSizeGreaterThanOrEqualTo(3);

            List<ProcessHandle> processes = processTrees(cluster.liveExecutors());
            driver.close();
            Eventually.await(SparkCluster.DRIVER_TIMEOUT.plusSeconds(20), "executors of the vanished driver killed",
                    () -> cluster.liveExecutors().isEmpty() && processes.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    static void failIfDead(SparkProcess driver) {
        if (!driver.isAlive()) {
            throw new AssertionError("the driver died: " + driver.tail());
        }
    }

    /** Each task's wrapper and everything under it (the executor JVM), while they run. */
    static List<ProcessHandle> processTrees(List<ClusterState.TaskView> tasks) {
        return tasks.stream().flatMap(t -> ProcessHandle.of(t.status().pid()).stream())
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants())).toList();
    }
}
