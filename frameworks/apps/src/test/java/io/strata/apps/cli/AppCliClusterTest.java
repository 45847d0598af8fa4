package io.strata.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.StrataCli;
import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.ProcessChecks;
import io.strata.testing.StrataApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata app} against a real cluster: a master and three agents on 127.0.0.1-3 in this JVM, and
 * the sample app (three Python HTTP servers, one per agent) created, scaled, updated, rolled back and
 * deleted through the CLI, each step checked through the CLI's JSON and the servers themselves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AppCliClusterTest {

    @TempDir
    static Path home;
    @TempDir
    static Path files;
    static StrataNode node;
    static StrataApi api;
    static final Set<Long> pids = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startCluster() {
        node = LoopbackCluster.start(home, 3, 1.0, 1024, 1024, "30300-30309", Duration.ofSeconds(2));
        api = StrataApi.of(node, home);
        StrataCli.pointAt(home, URI.create(node.apiUrl()));
    }

    @AfterAll
    static void stopCluster() {
        if (node != null) {
            ProcessChecks.rememberPids(api, null, pids);
            node.close();
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    static StrataCli strata(String... args) {
        StrataCli run = StrataCli.run(home, args);
        ProcessChecks.rememberPids(api, null, pids);
        return run;
    }

    static JsonNode status() {
        StrataCli run = strata("app", "status", "web", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return StrataCli.json(run.out());
    }

    /** The sample with each {@code old, now} pair of {@code edits} replaced, as a file of its own. */
    static Path sample(String name, String... edits) throws IOException {
        String text = Files.readString(AppFilesTest.SAMPLE);
        for (int i = 0; i < edits.length; i += 2) {
            assertThat(text).contains(edits[i]);
            text = text.replace(edits[i], edits[i + 1]);
        }
        return Files.writeString(files.resolve(name), text);
    }

    @Test
    @Order(1)
    void aBadFileIsRefusedAndNothingIsCreated() throws IOException {
        Path bad = sample("bad.yaml", "instances: 3", "instances: three");

        StrataCli run = strata("app", "create", bad.toString(), "--wait");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("The app file has a problem; nothing was sent:\n  " + bad
                + ":10:12: instances: must be a whole number, got 'three'\n");
        assertThat(StrataCli.json(strata("app", "list", "--json").out()).path("apps")).isEmpty();
        assertThat(api.get("/api/v1/tasks").body()).isEmpty();
    }

    @Test
    @Order(2)
    void createWaitsUntilEveryInstanceIsHealthyOnItsOwnAgent() {
        StrataCli run = strata("app", "create", AppFilesTest.SAMPLE.toString(), "--wait", "--timeout", "2m");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("Created app web (version 1, 3 instances); deploying.\n")
                .contains("App web runs version 1: 3 of 3 instances healthy; endpoints ");
        JsonNode s = status();
        assertThat(s.path("name").asText()).isEqualTo("web");
        assertThat(s.path("version").asInt()).isEqualTo(1);
        assertThat(s.path("deployment").path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(s.path("deployment").path("toVersion").asInt()).isEqualTo(1);
        Set<String> agents = new HashSet<>();
        for (JsonNode i : s.path("instances")) {
            assertThat(i.path("state").asText()).as(i.toString()).isEqualTo("HEALTHY");
            assertThat(i.path("id").asText()).startsWith("web");
            assertThat(i.path("taskId").asText()).isNotBlank();
            agents.add(i.path("agentId").asText());
            assertThat(get("http://" + i.path("host").asText() + ":" + i.path("ports").path("http").asInt() + "/"))
                    .isEqualTo(200);
        }
        assertThat(agents).as("unique: one instance per agent").hasSize(3);
    }

    @Test
    @Order(3)
    void statusShowsTheDeploymentAndATableOfInstances() {
        StrataCli run = strata("app", "status", "web");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("app web (group default): version 1, RUNNING, 3 of 3 instances healthy\n"
                        + "deployment SUCCEEDED to version 1")
                .contains("ID", "STATE", "ADDRESS", "HEALTHY", "127.0.0.1:", "127.0.0.2:", "127.0.0.3:", "endpoints: ");
        assertThat(strata("app", "list").out()).containsPattern("web +default +1 +3/3 +3 +SUCCEEDED");
    }

    @Test
    @Order(4)
    void scaleDownWaitsUntilTheExtraInstanceIsGone() {
        StrataCli run = strata("app", "scale", "web", "--instances", "2", "--wait", "--timeout", "1m");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("App web: scaling from 3 to 2 instances.\n")
                .endsWith("App web runs version 1: 2 of 2 instances healthy; endpoints " + String.join(", ",
                        AppViews.texts(status().path("endpoints"))) + ".\n");
        assertThat(status().path("instances")).hasSize(2);
    }

    @Test
    @Order(5)
    void updateRollsANewVersionOfTheWholeFileAndVersionsSayWhatChanged() throws IOException {
        Path v2 = sample("web-v2.yaml", "GREETING: hello", "GREETING: hi");

        StrataCli run = strata("app", "update", v2.toString(), "--wait", "--timeout", "2m");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("App web: deploying version 2 (from version 1).\n")
                .contains("App web runs version 2: 3 of 3 instances healthy", "deployment DEPLOYING from version 1 to 2");
        JsonNode s = status();
        assertThat(s.path("deployment").path("fromVersion").asInt()).isEqualTo(1);
        assertThat(s.path("instances").findValuesAsText("version")).containsOnly("2");
        assertThat(strata("app", "update", v2.toString()).out())
                .isEqualTo("App web: the file is the same as version 2; nothing to deploy.\n");

        StrataCli versions = strata("app", "versions", "web");
        assertThat(versions.out()).contains("1            ").contains("2 (current)").contains("env");
        assertThat(StrataCli.json(strata("app", "versions", "web", "--json").out()).path("versions")).hasSize(2);
    }

    @Test
    @Order(6)
    void anUpdateThatNeverGetsHealthyIsRevertedAndWaitExitsOne() throws IOException {
        Path broken = sample("web-broken.yaml", "path: /,", "path: /missing,", "progressDeadline: 60s",
                "progressDeadline: 10s");

        StrataCli run = strata("app", "update", broken.toString(), "--wait", "--timeout", "2m");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("(version 3)", "deployment REVERTING from version 3 to 2");
        assertThat(run.err()).startsWith("App web: deployment REVERTED from version 3 to 2: back on version 2 after"
                + " version 3 made no progress before its deadline (3 of 3 instances healthy at version 2)");
        JsonNode s = status();
        assertThat(s.path("deployment").path("state").asText()).isEqualTo("REVERTED");
        assertThat(s.path("instances").findValuesAsText("version")).containsOnly("2");
    }

    @Test
    @Order(7)
    void rollbackToOneRestoresVersionOne() {
        StrataCli run = strata("app", "rollback", "web", "--to", "1", "--wait", "--timeout", "2m");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).containsPattern("^App web: rolling back from version [23] to version 1\\.\n")
                .contains("App web runs version 1: 3 of 3 instances healthy");
        assertThat(status().path("instances").findValuesAsText("version")).containsOnly("1");
    }

    @Test
    @Order(8)
    void aRestartCanBePausedAndResumedAndNothingIsLeftToAbort() {
        StrataCli restart = strata("app", "restart", "web");
        assertThat(restart.exitCode()).as(restart.err()).isZero();
        assertThat(restart.out()).startsWith("App web: restarting every instance of version 1.\n");

        StrataCli pause = strata("app", "pause", "web");

        assertThat(pause.exitCode()).as(pause.err()).isZero();
        assertThat(pause.out()).startsWith("App web: deployment PAUSED restarting version 1");
        assertThat(status().path("deployment").path("state").asText()).isEqualTo("PAUSED");

        StrataCli resume = strata("app", "resume", "web", "--wait", "--timeout", "2m");

        assertThat(resume.exitCode()).as(resume.out() + resume.err()).isZero();
        assertThat(resume.out()).contains("App web runs version 1: 3 of 3 instances healthy");
        StrataCli abort = strata("app", "abort", "web");
        assertThat(abort.exitCode()).as("nothing under way: a usage error").isEqualTo(2);
        assertThat(abort.err()).contains("SUCCEEDED").doesNotContain("Exception");
    }

    @Test
    @Order(9)
    void deleteLeavesNothing() {
        Set<Long> instancePids = new HashSet<>();
        ProcessChecks.rememberPids(api, null, instancePids);
        assertThat(instancePids).isNotEmpty();

        StrataCli run = strata("app", "delete", "web", "--grace", "1s", "--wait", "--timeout", "1m");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).endsWith("App web is deleted: every instance ended and its resources are back.\n");
        StrataCli gone = strata("app", "status", "web");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).doesNotContain("Exception");
        assertThat(StrataCli.json(strata("app", "list", "--json").out()).path("apps")).isEmpty();
        assertThat(ProcessChecks.allResourcesFree(api)).isTrue();
        Eventually.await(Duration.ofSeconds(10), "every instance's process ended",
                () -> instancePids.stream().noneMatch(ProcessChecks::alive));
    }

    static int get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError(url + " does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
