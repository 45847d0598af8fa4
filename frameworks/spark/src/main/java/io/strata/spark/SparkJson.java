package io.strata.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.resources.CpuBurst;
import io.strata.resources.Resources;
import io.strata.spark.SparkProtocol.AppSpec;
import io.strata.spark.plugin.StartBurst;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Spark API's request bodies: parsed leniently (absent lists are empty), checked strictly. */
final class SparkJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final java.util.regex.Pattern VOLUME_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,59}");

    private SparkJson() {
    }

    static AppSpec appSpec(JsonNode n) {
        requireObject(n);
        String driverUrl = n.path("driverUrl").asText("");
        if (!driverUrl.startsWith("spark://")) {
            throw new IllegalArgumentException("'driverUrl' must be the driver's spark://CoarseGrainedScheduler@HOST:PORT");
        }
        AppSpec spec = new AppSpec(n.path("name").asText("spark"), driverUrl, n.path("executorCores").asInt(1),
                n.path("executorCpus").asDouble(1), n.path("executorHeapMb").asLong(1024),
                n.path("executorOverheadMb").asLong(384), strings(n.path("javaOptions")), strings(n.path("classPath")),
                stringMap(n.path("env")), n.path("target").asInt(0), strings(n.path("registered")),
                n.hasNonNull("submissionId") ? n.get("submissionId").asText() : null, group(n), null);
        if (!(spec.executorCpus() > 0) || spec.executorHeapMb() <= 0 || spec.executorCores() <= 0) {
            throw new IllegalArgumentException("executors need cpus, cores and memory greater than 0");
        }
        return spec.withExecutorBurst(executorBurst(n, spec.executorCpus()));
    }

    /**
     * {@code "executorBurstMilliCpus": 1500, "executorBurstSeconds": 60}: the burst the plug-in read
     * from {@code spark.strata.executor.burst*}; absent (a plug-in from before bursts) or 0 for none,
     * none too when it is not above the executors' own cpus. Their bounds are the route's schema's
     * ({@code SparkRoutes.APP}); a burst needs its seconds.
     */
    static CpuBurst executorBurst(JsonNode n, double executorCpus) {
        long milli = n.path("executorBurstMilliCpus").asLong(0);
        if (milli <= 0) {
            return null;
        }
        JsonNode given = n.path("executorBurstSeconds");
        long seconds = given.asLong(0);
        if (seconds <= 0) {
            throw new IllegalArgumentException("'executorBurstSeconds' must be a whole number of seconds from 1 to "
                    + StartBurst.MAX_SECONDS + " with 'executorBurstMilliCpus' " + milli + ", got "
                    + (given.isMissingNode() || given.isNull() ? "none" : given));
        }
        return milli > Resources.milliCpus(executorCpus) ? new CpuBurst(milli, seconds) : null;
    }

    /** The submission as the CLI sends it; the API fills in where the jar and the API are reachable. */
    static SparkProtocol.SubmissionRequest submission(JsonNode n, String jarUrl, String apiUrl) {
        requireObject(n);
        String mainClass = n.path("mainClass").asText("");
        if (mainClass.isBlank()) {
            throw new IllegalArgumentException("'mainClass' is missing: the class whose main() starts the application");
        }
        double cpus = n.path("driverCpus").asDouble(1);
        long mem = n.path("driverMemMb").asLong(1024);
        if (!(cpus > 0) || mem <= 0) {
            throw new IllegalArgumentException("the driver needs cpus and memory greater than 0");
        }
        Map<String, String> conf = stringMap(n.path("conf"));
        // A bad burst setting is the client's error: refused now, not a failed launch (or application) later.
        StartBurst.DRIVER.of(conf::get, cpus);
        StartBurst.EXECUTOR.of(conf::get, 1);
        String name = n.path("name").asText("");
        return new SparkProtocol.SubmissionRequest(name.isBlank() ? simpleName(mainClass) : name, mainClass,
                n.path("jarSha256").asText(""), jarUrl, strings(n.path("args")), cpus, mem, conf,
                apiUrl, checkpointVolume(n.path("checkpointVolume")), group(n));
    }

    /** The group a request names, or null (its submission's, the token's or the default group). */
    static String group(JsonNode n) {
        JsonNode g = n.path("group");
        if (g.isMissingNode() || g.isNull()) {
            return null;
        }
        if (!g.isTextual() || g.asText().isBlank()) {
            throw new IllegalArgumentException("'group' must be a group's name, e.g. \"science\", got " + g);
        }
        return g.asText();
    }

    /**
     * {@code "checkpointVolume": {"name": "iot-agg", "sizeMb": 512}}: a persistent volume for a
     * streaming driver's checkpoint, which also makes the driver supervised (restarted in place).
     */
    static SparkProtocol.CheckpointVolume checkpointVolume(JsonNode v) {
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("'checkpointVolume' must be an object like {\"name\": \"my-job\", \"sizeMb\": 512}");
        }
        String name = v.path("name").asText("");
        if (!VOLUME_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("checkpointVolume.name '" + name + "' must be 1-60 lower-case letters,"
                    + " digits, '.', '_' or '-', starting with a letter or digit");
        }
        JsonNode size = v.path("sizeMb");
        if (!size.isIntegralNumber() || size.asLong() <= 0) {
            throw new IllegalArgumentException("checkpointVolume.sizeMb must be a whole number of MB greater than 0, got '"
                    + (size.isMissingNode() ? "" : size.asText()) + "'");
        }
        return new SparkProtocol.CheckpointVolume(name, size.asLong());
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(v -> list.add(v.asText()));
        return list;
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static void requireObject(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("the request body must be a JSON object");
        }
    }
}
