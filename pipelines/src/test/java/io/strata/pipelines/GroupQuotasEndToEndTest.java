package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.StrataCli;
import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.StrataApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two groups with quotas on one cluster, with real Kafka and Spark processes: a Spark job of group
 * {@code science} with dynamic allocation grows to the group's limit and no further (and says so
 * as its reason), while a Kafka broker of group {@code iot}, killed with SIGKILL, restarts on its
 * guarantee; the usage {@code strata group list --json} shows matches the executors that run.
 *
 * <p>Needs ALLOC's allocator quotas (the limit is enforced there) and the test applications jar of
 * frameworks/spark ({@code strata.spark.testApps}, as that module's surefire sets it).
 */
@Timeout(600)
class GroupQuotasEndToEndTest {

    private static final Duration DEADLINE = Duration.ofMinutes(3);
    /** Each executor: 0.5 cpus; the science limit of 2 cpus holds 4 of them. */
    private static final double EXECUTOR_CPUS = 0.5;
    private static final int SCIENCE_EXECUTORS = 4;

    @TempDir
    Path home;
    StrataNode node;
    StrataApi api;
    final Set<Long> pids = ConcurrentHashMap.newKeySet();
    CompletableFuture<StrataCli> job;

    @AfterEach
    void stop() throws Exception {
        if (job != null) {
            job.cancel(true);
        }
        if (node != null) {
            node.close();
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        Files.writeString(home.resolve("stop-slow-job"), "");
    }

    @Test
    void aSparkJobStopsAtItsGroupsLimitWhileAKafkaBrokerOfAnotherGroupRestartsOnItsGuarantee() throws Exception {
        node = LoopbackCluster.start(home, 2, 3.0, 6144L, 8192L, "30400-30499", Duration.ofSeconds(5));
        api = StrataApi.of(node);
        StrataCli.pointAt(home, URI.create(node.apiUrl()));
        assertThat(strata("group", "create", "iot", "--guarantee", "cpus=1,mem=1536", "--limit", "cpus=1.5,mem=3g")
                .exitCode()).isZero();
        assertThat(strata("group", "create", "science", "--limit", "cpus=2").exitCode()).isZero();

        var kafka = api.post("/api/v1/kafka", """
                {"name":"plant","brokers":1,"brokerCpus":1,"brokerMem":1024,"group":"iot"}""");
        assertThat(kafka.status()).as(kafka.body().toString()).isEqualTo(201);
        Eventually.await(DEADLINE, () -> "kafka plant RUNNING: " + api.get("/api/v1/kafka/plant").body(),
                () -> api.get("/api/v1/kafka/plant").body().path("state").asText().equals("RUNNING"));
        assertThat(api.get("/api/v1/kafka/plant").body().path("group").asText()).isEqualTo("iot");

        // Many slow tasks: dynamic allocation asks for 12 executors; the group's limit holds 4.
        job = CompletableFuture.supplyAsync(() -> strata("spark", "submit", "--group", "science",
                "--class", "io.strata.spark.apps.SlowJob", "--jar", testApps(), "--name", "slow",
                "--executors", "1:12", "--executor-memory", "512m", "--driver-memory", "512m",
                "--conf", "spark.strata.executor.cpus=" + EXECUTOR_CPUS, "--conf", "spark.strata.driver.cpus=0.5",
                "--conf", "spark.executor.memoryOverhead=128m", "--conf", "spark.driver.memoryOverhead=256m",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.dynamicAllocation.schedulerBacklogTimeout=1s",
                "--conf", "spark.executor.extraJavaOptions=-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                "--conf", "spark.driver.extraJavaOptions=-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                "--", "2000", "400", home.resolve("stop-slow-job").toString()));

        Eventually.await(DEADLINE, () -> "science at " + SCIENCE_EXECUTORS + " executors: " + api.get("/api/v1/spark/apps").body(),
                () -> {
                    rememberPids();
                    return runningExecutors() == SCIENCE_EXECUTORS;
                });
        JsonNode app = scienceApp();
        assertThat(app.path("group").asText()).isEqualTo("science");
        // Dynamic allocation doubles its target while tasks wait (1, 2, 4, 8, ...): it asks for more than the limit holds.
        Eventually.await(DEADLINE, () -> "Spark asking for more executors than the limit holds: " + scienceApp(), () -> {
            rememberPids();
            runningExecutors();
            return scienceApp().path("target").asInt() > SCIENCE_EXECUTORS;
        });
        Eventually.await(Duration.ofSeconds(20), () -> "the reason names the limit: " + scienceApp(),
                () -> scienceApp().path("reason").asText().endsWith("waiting: group science is at its limit of 2 cpus"));

        // The broker of the other group, killed outright, is back while science holds its limit.
        long broker = brokerPid();
        ProcessHandle.of(broker).orElseThrow().destroyForcibly();
        Eventually.await(DEADLINE, () -> "the broker restarted: " + api.get("/api/v1/kafka/plant").body(), () -> {
            rememberPids();
            runningExecutors();
            JsonNode b = api.get("/api/v1/kafka/plant").body().path("brokers").path(0);
            return b.path("ready").asBoolean() && b.path("restarts").asInt() >= 1;
        });
        // Never past the limit, at any look while Spark asked for more and the broker restarted.
        assertThat(mostExecutorsSeen).as("the most executors of science seen running at once")
                .isEqualTo(SCIENCE_EXECUTORS);
        JsonNode groups = StrataApi.JSON.readTree(strata("group", "list", "--json").out());
        JsonNode science = byName(groups, "science");
        assertThat(science.path("used").path("cpus").asDouble()).isEqualTo(SCIENCE_EXECUTORS * EXECUTOR_CPUS);
        assertThat(science.path("limit").path("cpus").asDouble()).isEqualTo(2.0);
        assertThat(byName(groups, "iot").path("used").path("cpus").asDouble()).isEqualTo(1.0);
        assertThat(byName(api.get("/api/v1/groups").body(), "science").path("used"))
                .isEqualTo(science.path("used"));

        String submission = submissionOf(app);
        assertThat(api.delete("/api/v1/spark/submissions/" + submission).status()).isEqualTo(202);
        assertThat(api.delete("/api/v1/kafka/plant").status()).isEqualTo(202);
    }

    private StrataCli strata(String... args) {
        return StrataCli.run(home, args);
    }

    private static String testApps() {
        String jar = System.getProperty("strata.spark.testApps");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("the Spark test applications jar is missing (" + jar
                    + "); set strata.spark.testApps as frameworks/spark's pom does");
        }
        return jar;
    }

    private JsonNode scienceApp() {
        for (JsonNode a : api.get("/api/v1/spark/apps").body()) {
            if (a.path("state").asText().equals("RUNNING") && a.path("group").asText().equals("science")) {
                return a;
            }
        }
        return StrataApi.JSON.missingNode();
    }

    /** The most executors of the science job seen RUNNING at once by {@link #runningExecutors}. */
    private int mostExecutorsSeen;

    private int runningExecutors() {
        int n = 0;
        for (JsonNode e : scienceApp().path("executors")) {
            if (e.path("state").asText().equals("RUNNING")) {
                n++;
            }
        }
        mostExecutorsSeen = Math.max(mostExecutorsSeen, n);
        return n;
    }

    private long brokerPid() {
        for (JsonNode t : api.get("/api/v1/tasks").body()) {
            if (t.path("framework").asText().equals("kafka:plant") && t.path("state").asText().equals("RUNNING")
                    && t.path("pid").isNumber()) {
                return t.path("pid").asLong();
            }
        }
        throw new AssertionError("no running broker task: " + api.get("/api/v1/tasks").body());
    }

    private static JsonNode byName(JsonNode groups, String name) {
        for (JsonNode g : groups) {
            if (g.path("name").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("no group " + name + " in " + groups);
    }

    private static String submissionOf(JsonNode app) {
        Matcher m = Pattern.compile("driver-[0-9a-f]+").matcher(app.path("submissionId").asText());
        assertThat(m.find()).as(app.toString()).isTrue();
        return m.group();
    }

    /** Every task's process and its descendants, to stop any left at the end. */
    private void rememberPids() {
        for (JsonNode t : api.get("/api/v1/tasks").body()) {
            if (t.path("pid").isNumber()) {
                ProcessHandle.of(t.path("pid").asLong()).ifPresent(p -> {
                    pids.add(p.pid());
                    p.descendants().forEach(d -> pids.add(d.pid()));
                });
            }
        }
    }
}
