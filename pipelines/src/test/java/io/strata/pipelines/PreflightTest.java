package io.strata.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.cli.FakeStrataApi;
import io.strata.pipelines.spec.PipelineFile;
import io.strata.pipelines.spec.PipelineSpec;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming job's driver and executors share one agent (the checkpoint volume is on it), so the
 * check before anything starts refuses a job whose driver and executors together exceed every
 * agent, even when the cluster's total would hold them.
 */
class PreflightTest {

    private static final String AGENTS = """
            [{"id":"a1","active":true,"total":{"cpus":2.0,"memMb":8192}},
             {"id":"a2","active":true,"total":{"cpus":2.0,"memMb":8192}}]""";

    @TempDir
    Path dir;

    @Test
    void aStreamingJobMustFitOneAgentWithItsExecutors() throws Exception {
        try (FakeStrataApi api = new FakeStrataApi().onJson("GET", "/api/v1/agents", 200, AGENTS)
                .onJson("POST", "/api/v1/kafka", 200, """
                        {"name":"p-kafka","dryRun":true,"pods":[{"type":"broker","count":1,"cpus":0.5,"memMb":1024}]}""")) {
            Preflight preflight = new Preflight(new LocalApi(() -> api.url().toString()), PlannerHarness.settings(dir));

            Preflight.Result tooBig = preflight.check(spec(2, 1, ""));
            Preflight.Result fits = preflight.check(spec(1, 1, ""));

            assertThat(tooBig.problems()).containsExactly("jobs.agg: a streaming job's driver and its 2 executor(s) run on "
                    + "one agent, beside the checkpoint volume, and need 2.50 cpus and 4224 MB together, more than any "
                    + "agent has (largest: 2 cpus, 8192 MB); lower executors or executorCores, or add a bigger agent");
            assertThat(fits.problems()).isEmpty();
        }
    }

    @Test
    void anExecutorsCpusAreWhatTheFileGivesItNotItsTaskSlots() throws Exception {
        try (FakeStrataApi api = new FakeStrataApi().onJson("GET", "/api/v1/agents", 200, AGENTS)
                .onJson("POST", "/api/v1/kafka", 200, """
                        {"name":"p-kafka","dryRun":true,"pods":[{"type":"broker","count":1,"cpus":0.5,"memMb":1024}]}""")) {
            Preflight preflight = new Preflight(new LocalApi(() -> api.url().toString()), PlannerHarness.settings(dir));

            assertThat(preflight.check(spec(1, 4, ", spark.strata.executor.cpus: 1")).problems())
                    .as("4 task slots under a 1-cpu quota: 1.5 cpus with the driver").isEmpty();
            assertThat(preflight.check(spec(1, 4, "")).problems()).contains("jobs.agg: an executor needs 4 cpus and "
                    + "1408 MB, more than any agent has (largest: 2 cpus, 8192 MB)");
        }
    }

    @Test
    void anAppsNameMustBeFreeAndItsInstancesCountInTheDemand() throws Exception {
        try (FakeStrataApi api = new FakeStrataApi().onJson("GET", "/api/v1/agents", 200, AGENTS)
                .onJson("GET", "/api/v1/apps/p-web", 200, "{\"name\":\"p-web\"}")) {
            Preflight preflight = new Preflight(new LocalApi(() -> api.url().toString()), PlannerHarness.settings(dir));
            Preflight.Result r = preflight.check(PipelineFile.parse("""
                    name: p
                    apps:
                      web: {command: [serve, "${PORT_HTTP}"], ports: [http], instances: 3, cpus: 0.5, mem: 256m}
                      api: {command: run, instances: 2, cpus: 0.25, mem: 128m}
                    """, "p.yaml", dir));
            assertThat(r.problems()).containsExactly("apps.web: an app named p-web already exists; delete it"
                    + " ('strata app delete p-web') or rename the pipeline");
            assertThat(r.plan().path("demand").toString()).contains("app p-web: 3 x instance", "app p-api: 2 x instance");
            assertThat(r.plan().path("cpus").asDouble()).isEqualTo(2.0);
            assertThat(r.plan().path("memMb").asLong()).isEqualTo(3 * 256 + 2 * 128);
        }
    }

    private PipelineSpec spec(int executors, int cores, String conf) throws Exception {
        Path jar = dir.resolve("agg.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("com/example/Agg.class"));
            j.write(new byte[]{(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
            j.closeEntry();
        }
        return PipelineFile.parse("""
                name: p
                services:
                  kafka:
                    brokers: 1
                    topics: [{name: readings, partitions: 1, replication: 1}]
                jobs:
                  agg:
                    kind: streaming
                    class: com.example.Agg
                    jar: agg.jar
                    executors: %d
                    executorCores: %d
                    executorMemory: 1g
                    driverMemory: 1g
                    conf: {spark.strata.driver.cpus: 0.5%s}
                    input: kafka/readings
                """.formatted(executors, cores, conf), "pipeline.yaml", dir);
    }
}
