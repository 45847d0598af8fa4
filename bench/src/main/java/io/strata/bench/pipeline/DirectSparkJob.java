package io.strata.bench.pipeline;

import io.strata.bench.TaskPids;
import io.strata.bench.spark.SparkJars;
import io.strata.pipelines.spec.PipelineSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The peer of the job hop: the IoT sample's streaming job (same jar, class, arguments and Spark
 * settings as the pipeline file gives Strata) started by the harness in Spark's local mode with
 * as many task slots as Strata's executors have cores, in one cpu group of the quota Strata gives
 * the driver and its executors together, on a topic, consumer group and checkpoint of its own.
 */
final class DirectSparkJob implements AutoCloseable {

    private final ChildProcess driver;
    private final String description;

    private DirectSparkJob(ChildProcess driver, String description) {
        this.driver = driver;
        this.description = description;
    }

    /** The cpus Strata grants the job: the driver's quota plus each executor's. */
    static double quotaCpus(PipelineSpec.JobSpec job) {
        double driver = Double.parseDouble(job.conf().getOrDefault("spark.strata.driver.cpus",
                job.conf().getOrDefault("spark.driver.cores", "1")));
        double executor = Double.parseDouble(job.conf().getOrDefault("spark.strata.executor.cpus",
                String.valueOf(cores(job))));
        return driver + executor * job.minExecutors();
    }

    /** Task slots of Strata's executors together: executorCores x executors. */
    static int slots(PipelineSpec.JobSpec job) {
        return cores(job) * job.minExecutors();
    }

    /** Heap of the one local-mode JVM: the driver's plus every executor's, what Strata's JVMs have together. */
    static long heapMb(PipelineSpec.JobSpec job) {
        long executor = job.executorMemoryMb() == null ? 1024 : job.executorMemoryMb();
        return job.driverMemoryMb() + executor * job.minExecutors();
    }

    private static int cores(PipelineSpec.JobSpec job) {
        return job.executorCores() == null ? 1 : job.executorCores();
    }

    /**
     * Starts the job reading {@code topic}. Only the {@code --topic} argument differs from Strata's,
     * and the references Strata resolves (bootstrap, contact points, group, checkpoint).
     */
    static DirectSparkJob start(SparkJars spark, PipelineSpec spec, PipelineSpec.JobSpec job, String bootstrap,
                                String contactPoint, String topic, Path dir, CpuQuotas quotas) throws Exception {
        List<String> cmd = LocalSparkCommand.of(spark, spec, job, bootstrap, contactPoint, "bench-direct-" + job.key(),
                dir.resolve("checkpoint"), slots(job), heapMb(job), spec.name() + "-" + job.key() + "-direct", topic, dir);
        double cpus = quotaCpus(job);
        ChildProcess driver = ChildProcess.start("direct-job", dir, quotas.wrap("direct-job", cpus, cmd), Map.of());
        return new DirectSparkJob(driver, String.format(java.util.Locale.ROOT,
                "local[%d], -Xmx%dm, %s", slots(job), heapMb(job),
                quotas.limited() ? "one cpu group of " + cpus + " cpus" : "no cpu limit"));
    }

    long pid() {
        return driver.pid();
    }

    String describe() {
        return description;
    }

    /** Throws with its last words if it has ended. */
    void checkAlive() {
        driver.checkAlive();
    }

    String tail() {
        return driver.tail();
    }

    /** SIGTERM, SIGKILL after the grace, descendants too; then checks by pid that none is left. */
    @Override
    public void close() throws Exception {
        List<Long> all = new ArrayList<>(List.of(driver.pid()));
        ProcessHandle.of(driver.pid()).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
        driver.close();
        List<Long> left = all.stream().filter(TaskPids::isAlive).toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException("the direct job's processes " + left + " are still alive after the kill");
        }
    }
}
