package io.strata.bench.pipeline;

import io.strata.bench.spark.SparkJars;
import io.strata.pipelines.spec.PipelineSpec;
import io.strata.pipelines.spec.References;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line that runs a pipeline job's own jar, class, arguments and Spark settings in
 * Spark's local mode, started by the harness (the floor's job, the job hop's direct side), with
 * the references Strata would resolve (bootstrap, contact points, group, checkpoint) filled in.
 */
final class LocalSparkCommand {

    private LocalSparkCommand() {
    }

    /**
     * @param group  the consumer group ({@code job.group})
     * @param topic  replaces the value after {@code --topic} in the job's arguments, or null to keep it
     * @param jarDir where the job's jar is copied (a build elsewhere in the checkout may rewrite the
     *               original while the driver runs from it)
     */
    static List<String> of(SparkJars spark, PipelineSpec spec, PipelineSpec.JobSpec job, String bootstrap,
                           String contactPoint, String group, Path checkpoint, int slots, long heapMb,
                           String appName, String topic, Path jarDir) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put("kafka.bootstrap", bootstrap);
        values.put("cassandra.contactPoints", contactPoint);
        values.put("cassandra.datacenter", Cql.DATACENTER);
        values.put("job.group", group);
        values.put("job.checkpoint", checkpoint.toString());
        List<String> cmd = new ArrayList<>(List.of(spark.java(), "-Xmx" + heapMb + "m"));
        cmd.addAll(spark.moduleFlags());
        Map<String, String> conf = new HashMap<>(job.conf());
        conf.put("spark.master", "local[" + slots + "]");
        conf.put("spark.app.name", appName);
        conf.put("spark.driver.host", Floor.HOST);
        conf.forEach((k, v) -> cmd.add("-D" + k + "=" + References.resolve(v, values)));
        Path jar = Files.copy(Path.of(job.jar()), Files.createDirectories(jarDir).resolve("app.jar"));
        cmd.addAll(List.of("-cp", spark.classPath() + ":" + jar, job.mainClass()));
        List<String> args = job.args();
        for (int i = 0; i < args.size(); i++) {
            boolean topicValue = topic != null && i > 0 && args.get(i - 1).equals("--topic");
            cmd.add(topicValue ? topic : References.resolve(args.get(i), values));
        }
        return cmd;
    }
}
