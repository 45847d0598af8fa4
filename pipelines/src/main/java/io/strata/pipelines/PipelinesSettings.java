package io.strata.pipelines;

import com.typesafe.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code strata.pipelines.*} plus where this node keeps pipelines and how it starts source JVMs.
 *
 * @param step     the pause between two steps of a running pipeline
 * @param busyStep the pause between two steps while a pipeline starts or stops
 */
record PipelinesSettings(Duration step, Duration busyStep, Duration progressInterval, Duration writtenInterval, Duration provisionTimeout,
                         double sourceCpus, long sourceMemMb, long sourceHeapMb, String cassandraDatacenter,
                         Path checkpoints, String java, String classPath) {

    static PipelinesSettings from(Config config, Path home) {
        Config c = config.getConfig("strata.pipelines");
        return new PipelinesSettings(c.getDuration("step"), c.getDuration("busy-step"),
                c.getDuration("progress-interval"),
                c.getDuration("written-interval"), c.getDuration("provision-timeout"), c.getDouble("source-cpus"),
                c.getLong("source-mem-mb"), c.getLong("source-heap-mb"), c.getString("cassandra-datacenter"),
                home.resolve("pipelines").resolve("checkpoints"),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"));
    }

    /** A source's JVM: small heap, serial GC, quick start, Strata's classpath, {@code mainClass}. */
    List<String> javaCommand(String mainClass) {
        return List.of(java, "-Xmx" + sourceHeapMb + "m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", classPath, mainClass);
    }
}
