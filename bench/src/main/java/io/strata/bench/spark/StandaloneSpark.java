package io.strata.bench.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Figure 7's peer: Spark's own standalone Master and Workers, JVMs from the same jars Strata runs
 * its executors from, started once like a static cluster. Worker k listens on 127.0.0.k with one
 * core and 2 GB. Workers find the jars for their executors through SPARK_HOME, a folder whose
 * jars/ links to the jars (and SPARK_SCALA_VERSION, or they look for a source build).
 */
final class StandaloneSpark implements AutoCloseable {

    private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private final SparkJvm master;
    private final List<SparkJvm> workers;
    private final String url;

    private StandaloneSpark(SparkJvm master, List<SparkJvm> workers, String url) {
        this.master = master;
        this.workers = workers;
        this.url = url;
    }

    /** Starts the JVMs and returns at once; {@link #awaitWorkers} waits until they form a cluster. */
    static StandaloneSpark start(SparkJars jars, Path dir, int workers) throws IOException, InterruptedException {
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        try (Stream<Path> list = Files.list(jars.dist())) {
            for (Path jar : list.toList()) {
                Files.createSymbolicLink(home.resolve("jars").resolve(jar.getFileName()), jar);
            }
        }
        Map<String, String> env = Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13");
        int port = freePort();
        String url = "spark://127.0.0.1:" + port;
        SparkJvm master = SparkJvm.start("master", jars, dir, JVM, "", env, "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", "0"));
        List<SparkJvm> started = new ArrayList<>();
        try {
            for (int k = 1; k <= workers; k++) {
                Path work = dir.resolve("worker-" + k);
                started.add(SparkJvm.start("worker-" + k, jars, dir, JVM, "", env,
                        "org.apache.spark.deploy.worker.Worker", List.of("--host", "127.0.0." + k, "--cores", "1",
                                "--memory", "2g", "--webui-port", "0", "--work-dir", work.toString(), url)));
            }
        } catch (IOException e) {
            for (SparkJvm w : started) {
                w.close();
            }
            master.close();
            throw e;
        }
        return new StandaloneSpark(master, started, url);
    }

    String masterUrl() {
        return url;
    }

    /** Until every Worker has registered with the Master (the Master logs each registration). */
    void awaitWorkers(Duration deadline) throws InterruptedException {
        await(deadline, "the standalone workers to register", () -> {
            for (SparkJvm jvm : all()) {
                if (!jvm.isAlive()) {
                    throw new IllegalStateException("standalone Spark JVM ended: " + jvm.tail());
                }
            }
            return master.stderr().split("Registering worker", -1).length - 1 >= workers.size();
        });
    }

    /** Until no Worker runs an executor any more (executors are the Workers' child processes). */
    void awaitNoExecutors(Duration deadline) throws InterruptedException {
        await(deadline, "the standalone executors to end", () -> workers.stream().noneMatch(SparkJvm::hasChildren));
    }

    private List<SparkJvm> all() {
        List<SparkJvm> all = new ArrayList<>(workers);
        all.add(master);
        return all;
    }

    private static void await(Duration deadline, String what, BooleanSupplier done)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + deadline.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (SparkJvm w : workers) {
            w.close();
        }
        master.close();
    }
}
