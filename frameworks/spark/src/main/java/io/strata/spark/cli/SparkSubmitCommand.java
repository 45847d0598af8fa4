package io.strata.spark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "submit",
        description = {"Run a Spark application's driver as a task on the cluster and print the submission's id.",
            "The jar is uploaded to the cluster; the application needs no Strata code (SparkSession.builder() is enough)."},
        footer = {"", "Example: strata spark submit --class com.example.Etl --jar etl.jar --executors 1:4 --wait -- in out"})
final class SparkSubmitCommand implements Callable<Integer> {

    @ParentCommand
    SparkCommand spark;

    @Spec
    CommandSpec spec;

    @Option(names = "--class", required = true, paramLabel = "CLASS", description = "The application's main class.")
    String mainClass;

    @Option(names = "--jar", required = true, paramLabel = "JAR", description = "The application jar.")
    Path jar;

    @Option(names = "--name", paramLabel = "NAME", description = "The application's name (default: the class's simple name).")
    String name;

    @Option(names = "--executors", paramLabel = "N|MIN:MAX",
            description = "N fixed executors, or MIN:MAX for dynamic allocation (default: Spark's, 2).")
    String executors;

    @Option(names = "--executor-cores", paramLabel = "C", description = "Task slots (and cpus) per executor.")
    Integer executorCores;

    @Option(names = "--executor-memory", paramLabel = "SIZE", description = "Heap per executor, e.g. 1g (at least 450m).")
    String executorMemory;

    @Option(names = "--driver-memory", paramLabel = "SIZE", defaultValue = "1g", description = "The driver's heap (default: 1g).")
    String driverMemory;

    @Option(names = "--conf", paramLabel = "K=V", description = {"A Spark setting; repeatable. Strata reads "
            + "spark.strata.driver.cpus (else spark.driver.cores, default 1) for the driver's cpus, and "
            + "spark.strata.driver.burstCpus (default 1.0) / spark.strata.driver.burstSeconds (default 90): a driver "
            + "with fewer cpus may use that many for its first seconds (0 turns the burst off; at most 4 cpus, 600 s); "
            + "spark.strata.executor.burstCpus (default: the executor's cpus + 1, at most 4) / "
            + "spark.strata.executor.burstSeconds (default 60): the same for each executor."})
    List<String> conf = new ArrayList<>();

    @Option(names = "--group", paramLabel = "GROUP",
            description = "The group the application runs in: its executors count against the group's quota (the driver"
                    + " runs under the Spark dispatcher and counts in 'default' for now); default: your token's group,"
                    + " else 'default'. See 'strata group list'.")
    String group;

    @Option(names = "--wait", description = "Follow the driver's output and exit with its status.")
    boolean await;

    @Option(names = "--checkpoint-volume", paramLabel = "NAME:SIZE",
            description = {"A persistent volume on the driver's agent for a streaming checkpoint, e.g. clicks:1g. "
                    + "Write ${STRATA_CHECKPOINT} in the application's arguments or --conf values for its folder. "
                    + "The driver is supervised: when its process fails it starts again on the same agent with the "
                    + "volume, after a backoff. A later submission naming the same volume resumes from it; "
                    + "DELETE /api/v1/spark/volumes/NAME destroys it."})
    String checkpointVolume;

    @Parameters(paramLabel = "APP_ARGS", description = "The application's arguments, after '--'.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        Map<String, String> sparkConf = new LinkedHashMap<>(Checks.keyValues(spec, "--conf", conf));
        if (!Files.isRegularFile(jar)) {
            throw Checks.usage(spec, "--jar " + jar + " does not exist or is not a file");
        }
        SparkSizes.executors(spec, executors, sparkConf);
        if (executorCores != null) {
            Checks.positive(spec, "--executor-cores", executorCores);
            sparkConf.put("spark.executor.cores", executorCores.toString());
        }
        if (executorMemory != null) {
            sparkConf.put("spark.executor.memory", SparkSizes.megabytes(spec, "--executor-memory", executorMemory) + "m");
        }
        long driverMb = SparkSizes.megabytes(spec, "--driver-memory", driverMemory);
        ApiClient api = spark.context.api();
        JsonNode uploaded = api.upload(jar);
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (name != null) {
            body.put("name", name);
        }
        body.put("mainClass", mainClass).put("jarSha256", uploaded.path("sha256").asText())
                .put("jarName", jar.getFileName().toString()).put("driverMemMb", driverMb)
                .put("driverCpus", Double.parseDouble(sparkConf.getOrDefault("spark.strata.driver.cpus",
                        sparkConf.getOrDefault("spark.driver.cores", "1"))));
        if (checkpointVolume != null) {
            int colon = checkpointVolume.lastIndexOf(':');
            if (colon <= 0) {
                throw Checks.usage(spec, "--checkpoint-volume '" + checkpointVolume + "' must be NAME:SIZE, e.g. clicks:1g");
            }
            body.putObject("checkpointVolume").put("name", checkpointVolume.substring(0, colon))
                    .put("sizeMb", SparkSizes.megabytes(spec, "--checkpoint-volume", checkpointVolume.substring(colon + 1)));
        }
        if (group != null) {
            body.put("group", group);
        }
        args.forEach(body.putArray("args")::add);
        ObjectNode confJson = body.putObject("conf");
        sparkConf.forEach(confJson::put);
        String id = api.post("/api/v1/spark/submissions", body).path("id").asText();
        if (!await) {
            spark.context.out().println(id);
            return 0;
        }
        spark.context.err().println("Submitted " + id + "; following its driver.");
        return SparkFollow.untilEnd(api, id, spark.context.out(), spark.context.err());
    }
}
