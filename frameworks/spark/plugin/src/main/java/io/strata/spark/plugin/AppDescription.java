package io.strata.spark.plugin;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apache.spark.SparkConf;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.util.Utils;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Strata needs to know to launch this application's executors, read from the SparkConf once:
 * sizes, JVM options and environment. The Strata side builds the command line from it, adding the
 * paths of Spark's jars on its agents. Sent as JSON, field by field, in every heartbeat.
 *
 * @param submissionId           the dispatcher's submission this driver runs for; null (and left out) otherwise
 * @param executorBurstMilliCpus each executor's cpu quota for its first {@code executorBurstSeconds}
 *                               ({@link StartBurst#EXECUTOR}); 0 for no burst
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AppDescription(String name, String driverUrl, int executorCores, double executorCpus, long executorHeapMb,
                      long executorOverheadMb, List<String> javaOptions, List<String> classPath,
                      Map<String, String> env, String submissionId, long executorBurstMilliCpus,
                      long executorBurstSeconds) {

    /** Strata cpus per executor when they differ from Spark's task slots (e.g. 0.5 cpus, 1 slot). */
    static final String EXECUTOR_CPUS = "spark.strata.executor.cpus";
    /** Set by Strata's dispatcher on drivers it runs, to link the application to its submission. */
    static final String SUBMISSION_ID = "spark.strata.submissionId";
    private static final long MIN_OVERHEAD_MB = 384;

    /** @throws IllegalArgumentException naming the setting when an executor burst setting is out of range */
    static AppDescription of(SparkConf conf, String appName, String driverUrl) {
        int cores = conf.getInt("spark.executor.cores", 1);
        long heapMb = conf.getSizeAsMb("spark.executor.memory", "1g");
        double cpus = conf.getDouble(EXECUTOR_CPUS, cores);
        StartBurst.Burst burst = StartBurst.EXECUTOR.of(key -> conf.get(key, null), cpus);
        return new AppDescription(appName, driverUrl, cores, cpus, heapMb,
                overheadMb(conf, heapMb), javaOptions(conf), split(conf.get("spark.executor.extraClassPath", ""), ":"),
                env(conf), conf.contains(SUBMISSION_ID) ? conf.get(SUBMISSION_ID) : null,
                burst == null ? 0 : burst.milliCpus(), burst == null ? 0 : burst.seconds());
    }

    /** Spark's own rule (YARN and Kubernetes use it too): the explicit overhead, else 10% but at least 384 MB. */
    static long overheadMb(SparkConf conf, long heapMb) {
        if (conf.contains("spark.executor.memoryOverhead")) {
            return conf.getSizeAsMb("spark.executor.memoryOverhead");
        }
        double factor = conf.getDouble("spark.executor.memoryOverheadFactor", 0.10);
        return Math.max(conf.getSizeAsMb("spark.executor.minMemoryOverhead", MIN_OVERHEAD_MB + "m"),
                (long) (heapMb * factor));
    }

    /** Java 17 needs Spark's module flags in executors too, or Kryo fails on ByteBuffer.hb. */
    static List<String> javaOptions(SparkConf conf) {
        List<String> options = new ArrayList<>(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
        String extra = conf.get("spark.executor.extraJavaOptions", "");
        if (!extra.isBlank()) {
            options.addAll(CollectionConverters.asJava(Utils.splitCommandString(extra)));
        }
        return options;
    }

    private static Map<String, String> env(SparkConf conf) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Tuple2<String, String> kv : CollectionConverters.asJava(conf.getExecutorEnv())) {
            env.put(kv._1(), kv._2());
        }
        return env;
    }

    private static List<String> split(String s, String separator) {
        List<String> parts = new ArrayList<>();
        for (String p : s.split(separator)) {
            if (!p.isBlank()) {
                parts.add(p.strip());
            }
        }
        return parts;
    }
}
