package io.strata.bench.pipeline;

import com.typesafe.config.ConfigFactory;
import io.strata.bench.spark.SparkJars;
import io.strata.cassandra.CassandraExtension;
import io.strata.kafka.KafkaExtension;
import io.strata.pipelines.spec.PipelineSpec;
import io.strata.service.ServerDist;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Figure 5's floor: the sample's components started directly from the same jars, without Strata,
 * each timed to ready for the pipeline. Kafka and Cassandra start together (as a pipeline starts its
 * services): the broker until it lists itself and the topic exists, the node until it answers CQL,
 * sees itself UP and the schema is applied. Then, on those ready servers, the sample's Spark job
 * (same jar, class, arguments and Spark settings) in Spark's local mode with one task slot (the
 * sample's one executor core), and the sensor simulator (same class and arguments) started with it:
 * from the driver's start to the first aggregate row in Cassandra. A tiny run only formats the
 * broker's log dir (Kafka's StorageTool reads its whole configuration there).
 */
final class Floor {

    static final String HOST = "127.0.0.1";
    static final int KAFKA_PORT = 30490;
    static final int KAFKA_CONTROLLER_PORT = 30491;
    static final int CASSANDRA_STORAGE_PORT = 30492;
    static final int CASSANDRA_CQL_PORT = 30493;
    static final Duration DEADLINE = Duration.ofMinutes(5);
    /** What the orchestrator gives a source task (strata.pipelines.source-cpus). */
    static final double SOURCE_CPUS = ConfigFactory.load().getDouble("strata.pipelines.source-cpus");

    /**
     * Seconds to ready; in a tiny run {@code kafka} is only the broker's format step (which reads its
     * whole configuration) and {@code cassandra} and {@code spark} are NaN (not started).
     */
    record Times(double kafka, double cassandra, double spark) {
        double slowest() {
            return Math.max(kafka, Double.isNaN(cassandra) ? 0 : Math.max(cassandra, Double.isNaN(spark) ? 0 : spark));
        }
    }

    private Floor() {
    }

    /**
     * @param quotas {@link CpuQuotas#NONE} for the floor itself; or cpu groups with the quotas Strata
     *               gives the same processes (broker, node, the job's driver plus executors, source)
     */
    static Times measure(SparkJars spark, PipelineSpec spec, boolean full, Path dir, CpuQuotas quotas)
            throws Exception {
        Path kafkaDist = ServerDist.locate(KafkaExtension.class, "kafka-dist.properties", "strata.kafka.dist",
                "frameworks/kafka/kafka-dist");
        Path cassandraDist = ServerDist.locate(CassandraExtension.class, "cassandra-dist.properties",
                "strata.cassandra.dist", "frameworks/cassandra/cassandra-dist");
        PipelineSpec.ServiceSpec kafkaSpec = spec.services().get("kafka");
        long kafkaMem = kafkaSpec.config().get("brokerMem").longValue();
        long deadline = System.nanoTime() + DEADLINE.toNanos();

        if (!full) {
            return new Times(DirectKafka.formatOnly(kafkaDist, dir.resolve("kafka"), HOST, KAFKA_PORT,
                    KAFKA_CONTROLLER_PORT, kafkaMem), Double.NaN, Double.NaN);
        }
        long t0 = System.nanoTime();
        try (DirectKafka kafka = DirectKafka.start(kafkaDist, dir.resolve("kafka"), HOST, KAFKA_PORT,
                KAFKA_CONTROLLER_PORT, kafkaMem, quotas, kafkaSpec.config().get("brokerCpus").doubleValue())) {
            PipelineSpec.ServiceSpec cassandraSpec = spec.services().get("cassandra");
            try (DirectCassandra cassandra = DirectCassandra.start(cassandraDist, dir.resolve("cassandra"), HOST,
                    CASSANDRA_STORAGE_PORT, CASSANDRA_CQL_PORT, cassandraSpec.config().get("nodeMem").longValue(),
                    quotas, cassandraSpec.config().get("nodeCpus").doubleValue())) {
                // One thread each: the common pool has a single thread on two cores.
                ExecutorService waiters = Executors.newFixedThreadPool(2);
                double k;
                double c;
                try {
                    CompletableFuture<Double> kafkaReady = timed(t0, waiters, () -> kafka.awaitTopic(IotSample.TOPIC,
                            IotSample.PARTITIONS, deadline));
                    CompletableFuture<Double> cassandraReady = timed(t0, waiters, () -> cassandra.awaitSchema(
                            cassandraSpec.schema(), deadline));
                    k = get(kafkaReady);
                    c = get(cassandraReady);
                } finally {
                    waiters.shutdownNow();
                }
                double s = sparkJob(spark, spec, kafka.bootstrap(), cassandra.contactPoint(), dir, deadline, quotas);
                return new Times(k, c, s);
            }
        }
    }

    /** The job and the simulator from the same start; seconds until the first aggregate row. */
    private static double sparkJob(SparkJars spark, PipelineSpec spec, String bootstrap, String contactPoint, Path dir,
                                   long deadline, CpuQuotas quotas) throws Exception {
        PipelineSpec.JobSpec job = spec.jobs().values().iterator().next();
        int slots = (job.executorCores() == null ? 1 : job.executorCores()) * job.minExecutors();
        List<String> cmd = LocalSparkCommand.of(spark, spec, job, bootstrap, contactPoint, "bench-floor-" + job.key(),
                dir.resolve("checkpoint"), slots, job.driverMemoryMb(), spec.name() + "-" + job.key(), null,
                dir.resolve("spark"));

        PipelineSpec.SourceSpec source = spec.sources().values().iterator().next();
        long start = System.nanoTime();
        double driverCpus = Double.parseDouble(job.conf().getOrDefault("spark.strata.driver.cpus",
                job.conf().getOrDefault("spark.driver.cores", "1")));
        try (ChildProcess driver = ChildProcess.start("spark-driver", dir.resolve("spark"),
                quotas.wrap("spark-driver", driverCpus + slots, cmd), Map.of());
             ChildProcess simulator = ChildProcess.start("simulator", dir.resolve("simulator"),
                     quotas.wrap("simulator", SOURCE_CPUS, simulatorCommand(source, bootstrap)), Map.of());
             Cql cql = Cql.connect(contactPoint)) {
            String failed = job.mainClass().substring(job.mainClass().lastIndexOf('.') + 1) + ": failed";
            while (!cql.hasAggregateRow()) {
                driver.checkAlive();
                if (driver.stderr().contains(failed)) {
                    throw new IllegalStateException("the floor's Spark job failed: " + driver.tail());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the floor's Spark job wrote no row in time: " + driver.tail()
                            + "; " + simulator.tail());
                }
                Thread.sleep(200);
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** The command the orchestrator gives a sensor-simulator source (PipelineRun.simulatorCommand), without a task. */
    static List<String> simulatorCommand(PipelineSpec.SourceSpec s, String bootstrap) {
        List<String> c = new ArrayList<>(List.of(Path.of(DirectKafka.javaBin(), "java").toString(), "-Xmx160m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", absoluteClassPath(),
                "io.strata.pipelines.sources.SensorSimulator", "--bootstrap", bootstrap, "--topic", s.topic(),
                "--sensors", Integer.toString(s.sensors()), "--seed", Long.toString(s.seed())));
        if (s.events() != null) {
            c.addAll(List.of("--events", s.events().toString()));
        }
        return c;
    }

    private static String absoluteClassPath() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            out.add(Path.of(e).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, out);
    }

    private interface Await {
        void run() throws InterruptedException;
    }

    private static CompletableFuture<Double> timed(long t0, ExecutorService on, Await await) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                await.run();
                return (System.nanoTime() - t0) / 1e9;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, on);
    }

    private static double get(CompletableFuture<Double> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
