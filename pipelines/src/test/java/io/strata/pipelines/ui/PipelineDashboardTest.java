package io.strata.pipelines.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.StrataCli;
import io.strata.node.StrataNode;
import io.strata.testing.Browser;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.ProcessChecks;
import io.strata.testing.StrataApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's pipeline, services and Spark pages in headless Chromium against a cluster with
 * real Kafka, Cassandra and Spark: a pipeline started from the CLI appears with its graph, its
 * elements turn RUNNING and its charts gain points; the services and Spark pages show what it
 * runs; stopping it from the page (after the confirmation) gives every resource back, checked
 * through the API. Screenshots of the three pages go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineDashboardTest {

    static final Path SAMPLE = Path.of("..", "samples", "iot-sensors").toAbsolutePath().normalize();
    static final String NAME = "iot-sensors";
    static final Duration START = Duration.ofMinutes(4);
    static final Set<String> LIVE = Set.of("PENDING", "STAGING", "STARTING", "RUNNING", "KILLING");

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi api;
    static Browser browser;
    static final Set<Long> pids = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startClusterAndSignIn() {
        node = LoopbackCluster.start(home, 3, 2.0, 6144L, 8192L, "30300-30399", Duration.ofSeconds(10));
        api = StrataApi.of(node, home);
        StrataCli.pointAt(home, URI.create(node.apiUrl()));
        browser = Browser.start();
        browser.open(node.apiUrl() + "/#/pipelines");
        browser.visible(By.cssSelector("[data-test=signin-form]"), Duration.ofSeconds(20));
        browser.driver().findElement(By.cssSelector("[data-test=signin-token]")).sendKeys(api.token());
        browser.driver().findElement(By.cssSelector("[data-test=signin-submit]")).click();
        browser.visible(By.cssSelector("[data-test=page-pipelines]"), Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (browser != null) {
                browser.close();
            }
            if (api != null) {
                rememberPids();
            }
        } finally {
            if (node != null) {
                node.close();
            }
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** The IoT sample with an endless, slow source, so the pipeline stays RUNNING while the page watches. */
    static Path spec() throws Exception {
        Path file = home.resolve("pipeline.yaml");
        Files.writeString(file, """
                name: %s
                services:
                  kafka:
                    brokers: 1
                    brokerCpus: 0.5
                    brokerMem: 1g
                    topics:
                      - name: readings
                        partitions: 2
                        replication: 1
                  cassandra:
                    nodes: 1
                    nodeCpus: 0.5
                    nodeMem: 2g
                    schema: %s
                jobs:
                  aggregates:
                    kind: streaming
                    class: io.strata.samples.iot.ReadingsByMinute
                    jar: %s
                    executors: 1
                    executorCores: 1
                    executorMemory: 1g
                    driverMemory: 1g
                    conf:
                      spark.strata.driver.cpus: 0.5
                      spark.sql.shuffle.partitions: 2
                    input: kafka/readings
                    args: [--bootstrap, "${kafka.bootstrap}", --topic, readings, --contact-points,
                           "${cassandra.contactPoints}", --datacenter, "${cassandra.datacenter}",
                           --group, "${job.group}", --checkpoint, "${job.checkpoint}"]
                sources:
                  sensors:
                    type: sensor-simulator
                    kafka: kafka
                    topic: readings
                    sensors: 10
                    rate: 40
                checks:
                  - name: min <= avg <= max on every row
                    cql: SELECT min, avg, max FROM iot.readings_by_minute
                    expect: min <= avg <= max
                written:
                  cql: SELECT sum(count) FROM iot.readings_by_minute
                """.formatted(NAME, SAMPLE.resolve("schema.cql"), SAMPLE.resolve("target/iot-sensors.jar")));
        return file;
    }

    /** Remembers the pid of every task and its descendants, to check at the end that none is left. */
    static void rememberPids() {
        ProcessChecks.rememberPids(api, null, pids);
    }

    /** The graph's node ids and its edges as "from>to", each sorted. */
    static List<List<String>> nodesAndEdges(WebDriver d) {
        return List.of(
                d.findElements(By.cssSelector("[data-test=graph-node]")).stream().map(n -> n.getAttribute("data-node")).sorted().toList(),
                d.findElements(By.cssSelector("[data-test=graph-edge]")).stream()
                        .map(e -> e.getAttribute("data-from") + ">" + e.getAttribute("data-to")).sorted().toList());
    }

    static int points(String chart) {
        return Integer.parseInt(browser.driver().findElement(By.cssSelector("[data-chart=" + chart + "]"))
                .getAttribute("data-points"));
    }

    /**
     * Waits until {@code condition} holds. The pages re-render what changed every couple of seconds, so
     * an element found a moment ago may be gone: that counts as "not yet".
     */
    static void await(Duration timeout, String what, Function<WebDriver, Boolean> condition) {
        browser.await(timeout, what, d -> {
            try {
                return condition.apply(d);
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false;
            }
        });
    }

    static String attribute(WebDriver d, String css, String name) {
        return d.findElement(By.cssSelector(css)).getAttribute(name);
    }

    static void click(String css, Duration timeout) {
        browser.click(css, timeout);
    }

    static void go(String hash, String page) {
        browser.driver().navigate().to(node.apiUrl() + "/#/" + hash);
        browser.visible(By.cssSelector("[data-test=page-" + page + "]"), Duration.ofSeconds(20));
    }

    @Test
    @Order(1)
    void aPipelineStartedFromTheCliAppearsWithItsGraphItsStatesTurnRunningAndItsChartsGainPoints() throws Exception {
        StrataCli started = StrataCli.run(home, "pipeline", "start", spec().toString());
        assertThat(started.exitCode()).as(started.out() + started.err()).isZero();

        // The list (open since sign-in) shows it without a reload; its name leads to its page.
        click("[data-test=pipeline-row][data-pipeline=" + NAME + "] a", Duration.ofSeconds(30));
        await(Duration.ofSeconds(20), "the graph's elements and how they connect", d -> nodesAndEdges(d).equals(List.of(
                List.of("job:aggregates", "source:sensors", "table:cassandra/iot.readings_by_minute", "topic:kafka/readings"),
                List.of("job:aggregates>table:cassandra/iot.readings_by_minute", "source:sensors>topic:kafka/readings",
                        "topic:kafka/readings>job:aggregates"))));

        await(START, "every element of the graph RUNNING", d -> {
            rememberPids();
            List<WebElement> nodes = d.findElements(By.cssSelector("[data-test=graph-node]"));
            return nodes.size() == 4 && nodes.stream().allMatch(n -> "RUNNING".equals(n.getAttribute("data-state")));
        });
        await(Duration.ofSeconds(60), "the pipeline RUNNING with events processed", d ->
                "RUNNING".equals(attribute(d, ".page-head h1 .badge", "data-state"))
                        && !"0".equals(d.findElement(By.cssSelector("[data-test=stat-processed] .value")).getText()));
        JsonNode status = api.get("/api/v1/pipelines/" + NAME).body();
        assertThat(status.path("state").asText()).isEqualTo("RUNNING");
        assertThat(browser.bodyText()).contains(NAME, status.path("services").get(0).path("name").asText(),
                status.path("jobs").get(0).path("class").asText(), "min <= avg <= max on every row");

        // The charts gain points as the pipeline runs, and the API's points show events moving.
        int throughput = points("throughput");
        int lag = points("lag");
        await(Duration.ofSeconds(30), "the charts gaining points", d -> points("throughput") >= throughput + 3
                && points("lag") >= lag + 3);
        JsonNode history = api.get("/api/v1/pipelines/" + NAME + "/history").body().path("points");
        assertThat(history).anySatisfy(p -> assertThat(p.path("produced_per_s").asDouble()).isPositive());
        assertThat(history).anySatisfy(p -> assertThat(p.path("processed_per_s").asDouble()).isPositive());
        browser.screenshot("pipelines-running");
    }

    @Test
    @Order(2)
    void theServicesAndSparkPagesShowWhatThePipelineRuns() {
        JsonNode status = api.get("/api/v1/pipelines/" + NAME).body();
        String kafka = status.path("services").get(0).path("name").asText();
        String cassandra = status.path("services").get(1).path("name").asText();

        int pods = api.get("/api/v1/kafka/" + kafka).body().path("brokers").size()
                + api.get("/api/v1/kafka/" + kafka).body().path("controllers").size()
                + api.get("/api/v1/cassandra/" + cassandra).body().path("nodes").size();
        go("services", "services");
        await(Duration.ofSeconds(30), "the brokers and nodes READY on their agents", d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("[data-test=service] [data-test=pod-row]"));
            return rows.size() == pods && rows.stream().allMatch(p -> "READY".equals(p.getAttribute("data-state")));
        });
        for (String service : List.of(kafka, cassandra)) {
            JsonNode pod = api.get("/api/v1/" + (service.equals(kafka) ? "kafka/" : "cassandra/") + service).body()
                    .path(service.equals(kafka) ? "brokers" : "nodes").get(0);
            WebElement panel = browser.driver().findElement(By.cssSelector("[data-test=service][data-service=" + service + "]"));
            assertThat(panel.getText()).contains(service, pod.path("agentId").asText(), pod.path("pod").asText());
        }
        browser.screenshot("services");

        go("spark", "spark");
        await(Duration.ofSeconds(30), "the job's application with a running executor and driver", d -> {
            List<WebElement> apps = d.findElements(By.cssSelector("[data-test=spark-app]"));
            return apps.size() == 1 && "RUNNING".equals(apps.get(0).findElement(By.cssSelector("[data-test=driver]"))
                    .getAttribute("data-state")) && apps.get(0).findElements(By.cssSelector(
                    "[data-test=executor-row][data-state=RUNNING]")).size() == 1;
        });
        await(Duration.ofSeconds(30), "the executors chart with points", d -> points("executors") > 0);
        String submission = status.path("jobs").get(0).path("submission").asText();
        await(Duration.ofSeconds(10), "the job's driver RUNNING among the drivers", d -> "RUNNING".equals(
                attribute(d, "[data-test=driver-row][data-submission=" + submission + "]", "data-state")));
        browser.screenshot("spark");
    }

    @Test
    @Order(3)
    void stoppingThePipelineFromThePageGivesEveryResourceBack() {
        rememberPids();
        assertThat(pids).isNotEmpty();
        // Opened again, the page draws the pipeline's history at once: the picture of a pipeline that ran a while.
        go("pipelines/" + NAME, "pipelines");
        await(Duration.ofSeconds(20), "the graph and the charts drawn", d -> points("throughput") > 10
                && d.findElements(By.cssSelector("[data-test=graph-node][data-state=RUNNING]")).size() == 4);
        browser.screenshot("pipelines");
        click("[data-test=action-stop]", Duration.ofSeconds(20));
        WebElement modal = browser.visible(By.cssSelector("[data-test=confirm-modal]"), Duration.ofSeconds(5));
        assertThat(modal.getText()).contains("Stop pipeline " + NAME);
        modal.findElement(By.cssSelector("[data-test=confirm-ok]")).click();

        await(Duration.ofSeconds(120), "the page showing the pipeline STOPPED with nothing left to stop", d ->
                "STOPPED".equals(attribute(d, ".page-head h1 .badge", "data-state"))
                        && !d.findElement(By.cssSelector("[data-test=action-stop]")).isEnabled());
        Eventually.await(Duration.ofSeconds(60), () -> "every resource free: " + api.get("/api/v1/agents").body(),
                () -> ProcessChecks.allResourcesFree(api));
        Eventually.await(Duration.ofSeconds(30), () -> "no task left: " + api.get("/api/v1/tasks").body(),
                () -> {
                    for (JsonNode t : api.get("/api/v1/tasks").body()) {
                        if (LIVE.contains(t.path("state").asText())) {
                            return false;
                        }
                    }
                    return true;
                });
        Eventually.await(Duration.ofSeconds(30), () -> "no process left: " + pids.stream().filter(ProcessChecks::alive).toList(),
                () -> pids.stream().noneMatch(ProcessChecks::alive));
        assertThat(api.get("/api/v1/kafka").body()).isEmpty();
        assertThat(api.get("/api/v1/cassandra").body()).isEmpty();
    }
}
