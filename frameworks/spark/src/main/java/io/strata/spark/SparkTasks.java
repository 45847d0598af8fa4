package io.strata.spark;

import io.strata.resources.CpuBurst;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.spark.SparkProtocol.AppSpec;
import io.strata.spark.SparkProtocol.SubmissionRequest;
import io.strata.spark.plugin.StartBurst;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The command lines of Spark's JVMs on Strata: executors and cluster-mode drivers. Pure. */
final class SparkTasks {

    static final String DRIVER_JAR = "app.jar";
    /** Where a supervised driver's checkpoint is, in its arguments and settings. */
    static final String CHECKPOINT = "${STRATA_CHECKPOINT}";
    private static final String EXECUTOR_MAIN = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
    private static final long MIN_DRIVER_OVERHEAD_MB = 384;

    private SparkTasks() {
    }

    static Resources executorResources(AppSpec app) {
        return Resources.of(app.executorCpus(), app.executorHeapMb() + app.executorOverheadMb());
    }

    /** An executor of {@code appId} on the agent at {@code host}, which it advertises to the driver. */
    static TaskSpec executor(SparkSettings s, String appId, TaskId taskId, String executorId, AppSpec app, String host) {
        List<String> args = new ArrayList<>();
        args.add("-Xmx" + app.executorHeapMb() + "m");
        // Every executor's sandbox is closed to the others (its own Unix group), so an executor
        // fetches shuffle blocks from its peers over the network, never by reading their files from
        // this host's disk (Spark's default for executors on one host); an application that sets
        // it itself overrides this.
        args.add("-Dspark.shuffle.readHostLocalDisk=false");
        args.addAll(app.javaOptions());
        List<String> cp = new ArrayList<>(List.of(s.sparkClassPath()));
        cp.addAll(app.classPath());
        args.addAll(List.of("-cp", String.join(":", cp), EXECUTOR_MAIN,
                "--driver-url", app.driverUrl(), "--executor-id", executorId, "--hostname", host,
                "--bind-address", host, "--cores", Integer.toString(app.executorCores()), "--app-id", appId,
                "--resourceProfileId", "0"));
        Map<String, String> env = new LinkedHashMap<>(app.env());
        // Shuffle and block files in the sandbox: they go when the sandbox goes, not pile up in /tmp.
        env.putIfAbsent("SPARK_LOCAL_DIRS", "spark-local");
        return new TaskSpec(taskId, "executor-" + executorId, s.java(), args, env, executorResources(app),
                Map.of("spark-app", appId, "spark-executor", executorId)).withCpuBurst(app.executorBurst());
    }

    static Resources driverResources(SubmissionRequest r) {
        long overhead = r.conf().containsKey("spark.driver.memoryOverhead")
                ? megabytes(r.conf().get("spark.driver.memoryOverhead"))
                : Math.max(MIN_DRIVER_OVERHEAD_MB, r.driverMemMb() / 10);
        return Resources.of(r.driverCpus(), r.driverMemMb() + overhead);
    }

    /**
     * A driver run by the dispatcher: fetch the application jar through the host's cache, then run
     * its main class with the strata:// master naming every master node ({@link #masterUrl}). Spark
     * settings go in as system properties, which any {@code SparkSession.builder()} picks up, so the
     * application needs no Strata knowledge.
     * The application's arguments follow the script as positional parameters, never re-quoted.
     */
    static TaskSpec driver(SparkSettings s, String id, SubmissionRequest r) {
        return driver(s, id, r, null);
    }

    /** Whether the driver serves the Spark UI (Spark's default, unless the submission turns it off). */
    static boolean uiEnabled(SubmissionRequest r) {
        return !"false".equalsIgnoreCase(r.conf().getOrDefault("spark.ui.enabled", "true").trim());
    }

    /** {@code uiPort}: the offered port its Spark UI listens on, or null (no port taken). */
    static TaskSpec driver(SparkSettings s, String id, SubmissionRequest r, Integer uiPort) {
        StringBuilder sh = new StringBuilder("set -e\n");
        // jarUrl: the master nodes' URLs of the jar, comma-separated, tried in order.
        sh.append(q(s.java())).append(" -cp ").append(q(s.pluginClassPath()))
                .append(" io.strata.spark.plugin.ArtifactFetch ").append(q(r.jarUrl())).append(' ')
                .append(q(r.jarSha256())).append(' ').append(DRIVER_JAR).append('\n');
        // The Spark UI binds to SPARK_LOCAL_IP, else to every address: on agents that share one network
        // (loopback agents 127.0.0.k) a wildcard bind takes its port on every agent's address.
        sh.append("export SPARK_LOCAL_IP=\"$HOST\"\n");
        sh.append(checkpointSetup(r)).append("exec ").append(q(s.java())).append(" -Xmx").append(r.driverMemMb()).append('m');
        s.moduleFlags().forEach(f -> sh.append(' ').append(q(f)));
        Map<String, String> conf = new LinkedHashMap<>(r.conf());
        conf.put("spark.master", masterUrl(r.apiUrl()));
        conf.put("spark.app.name", r.name());
        conf.put("spark.submit.deployMode", "cluster");
        conf.put("spark.strata.submissionId", id);
        if (uiPort != null) {
            conf.put("spark.ui.port", Integer.toString(uiPort));
        }
        conf.remove("spark.driver.extraJavaOptions");
        if (r.supervised()) {
            conf.putIfAbsent("spark.sql.streaming.checkpointLocation", CHECKPOINT);
        }
        String jars = r.conf().get("spark.jars");
        conf.remove("spark.jars");
        conf.forEach((k, v) -> sh.append(' ').append(word(r, "-D" + k + "=" + v)));
        // These two need the agent's values, so they stay outside single quotes.
        sh.append(" \"-Dspark.jars=$STRATA_SANDBOX/").append(DRIVER_JAR)
                .append(jars == null || jars.isBlank() ? "" : "," + jars.replace("\"", "")).append('"');
        sh.append(" \"-Dspark.driver.host=$HOST\"");
        String extra = r.conf().get("spark.driver.extraJavaOptions");
        if (extra != null && !extra.isBlank()) {
            for (String option : extra.trim().split("\\s+")) {
                sh.append(' ').append(q(option));
            }
        }
        sh.append(" -cp ").append(q(s.sparkClassPath() + ":")).append(DRIVER_JAR).append(' ').append(q(r.mainClass()))
                .append(" \"$@\"\n");
        List<String> args = new ArrayList<>(List.of("-c", sh.toString(), "strata-spark-driver"));
        args.addAll(r.args());
        Resources resources = uiPort == null ? driverResources(r)
                : driverResources(r).withPorts(io.strata.resources.PortRanges.ports(uiPort));
        return new TaskSpec(TaskId.of(id), "driver:" + r.name(), "/bin/sh", args, Map.of(), resources,
                Map.of("spark-submission", id)).withCpuBurst(driverBurst(r));
    }

    /**
     * The cpu burst a driver starts with ({@link StartBurst#DRIVER}), or null: a driver JVM compiles
     * and plans its whole job in its first minute, and under a small quota (0.5 cpu) that minute
     * becomes several.
     *
     * @throws IllegalArgumentException naming the setting when a value is not a number in range
     */
    static CpuBurst driverBurst(SubmissionRequest r) {
        StartBurst.Burst b = StartBurst.DRIVER.of(r.conf()::get, r.driverCpus());
        return b == null ? null : new CpuBurst(b.milliCpus(), b.seconds());
    }

    /**
     * A driver with a checkpoint volume: {@code $STRATA_CHECKPOINT} is a folder on the volume, and
     * {@value #CHECKPOINT} in its arguments and settings becomes that folder's path on the agent.
     */
    private static String checkpointSetup(SubmissionRequest r) {
        if (!r.supervised()) {
            return "";
        }
        StringBuilder sh = new StringBuilder("STRATA_CHECKPOINT=\"$STRATA_VOLUME/checkpoint\"\nexport STRATA_CHECKPOINT\n"
                + "mkdir -p \"$STRATA_CHECKPOINT\"\n");
        if (r.args().stream().anyMatch(a -> a.contains(CHECKPOINT))) {
            sh.append("set --");
            r.args().forEach(a -> sh.append(' ').append(word(r, a)));
            sh.append('\n');
        }
        return sh.toString();
    }

    /** One shell word: single-quoted, or double-quoted with only {@value #CHECKPOINT} expanded. */
    static String word(SubmissionRequest r, String s) {
        if (!r.supervised() || !s.contains(CHECKPOINT)) {
            return q(s);
        }
        String escaped = s.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`");
        return '"' + escaped.replace("\\" + CHECKPOINT, CHECKPOINT) + '"';
    }

    /**
     * A submission's {@code apiUrl} (the master nodes' API URLs, comma-separated, the one the client
     * used first) as the driver's master URL, {@code strata://h1:p1,h2:p2}: the plug-in moves on to
     * the next when one is down, so a driver started or running while that node is gone still
     * reaches Strata. The plug-in picks http or https by the cluster's CA, not by these schemes.
     */
    static String masterUrl(String apiUrls) {
        return "strata://" + java.util.Arrays.stream(apiUrls.split(",")).map(String::strip).filter(u -> !u.isEmpty())
                .map(u -> u.replaceFirst("^[a-z]+://", "").replaceAll("/.*$", "")).distinct()
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** Spark's size syntax as MB: 512m, 2g, 1024k, or a plain number of MB. */
    static long megabytes(String size) {
        String v = size.trim().toLowerCase(java.util.Locale.ROOT);
        long n = Long.parseLong(v.replaceAll("[a-z]+$", ""));
        String unit = v.replaceAll("^[0-9]+", "");
        return switch (unit) {
            case "", "m", "mb" -> n;
            case "g", "gb" -> n * 1024;
            case "k", "kb" -> Math.max(1, n / 1024);
            case "t", "tb" -> n * 1024 * 1024;
            default -> throw new IllegalArgumentException("'" + size + "' is not a size like 512m or 2g");
        };
    }

    /** Single-quotes a string for sh. */
    static String q(String s) {
        return io.strata.agent.process.ShellQuoting.quote(s);
    }
}
