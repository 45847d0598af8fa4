package io.strata.apps;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.node.StrataNode;
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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import static io.strata.apps.AppAnswers.healthy;
import static io.strata.apps.AppAnswers.instances;
import static io.strata.apps.AppAnswers.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apps with real processes: a master and three agents (127.0.0.1-3) in this JVM, python HTTP servers
 * as the instances. The scenarios of issue #17's "Done when", in order on one cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AppsClusterTest {

    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi api;
    static Path flags;
    static final Set<Long> pids = ConcurrentHashMap.newKeySet();

    static String web(String greeting, String command) {
        return """
                name: web
                command: '%s'
                instances: 3
                cpus: 0.1
                mem: 64m
                env: {GREETING: %s}
                ports: [{name: http}]
                healthCheck: {type: http, port: http, path: /, gracePeriod: 10s, interval: 1s, timeout: 500ms, maxFailures: 3}
                constraints: [unique]
                upgrade: {minHealthy: 0.66, maxSurge: 1, progressDeadline: 20s, autoRevert: true}
                backoff: 1s
                maxBackoff: 10s
                sticky: {for: 60s}
                """.formatted(command, greeting);
    }

    static final String SERVER = "exec python3 -m http.server --bind \"$HOST\" \"$PORT_HTTP\"";

    @BeforeAll
    static void startCluster() throws IOException {
        node = LoopbackCluster.start(home, 3, 1.0, 1024L, 1024L, "30100-30149", Duration.ofSeconds(2));
        api = StrataApi.of(node, home);
        flags = Files.createTempDirectory("strata-apps-flags");
        Files.setPosixFilePermissions(flags, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (node != null) {
            remember();
            node.close();
        }
        pids.stream().filter(ProcessChecks::alive).forEach(pid -> ProcessHandle.of(pid)
                .ifPresent(ProcessHandle::destroyForcibly));
        if (flags != null) {
            try (var files = Files.list(flags)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(flags);
        }
    }

    static void remember() {
        ProcessChecks.rememberPids(api, null, pids);
    }

    static JsonNode status(String app) {
        return api.get("/api/v1/apps/" + app).body();
    }

    /** Every wanted instance HEALTHY at {@code version}, none other, and the deployment over. */
    static boolean settled(String app, int version, int wanted) {
        JsonNode s = status(app);
        return instances(s).size() == wanted && healthy(s, version) == wanted
                && !s.path("state").asText().equals("DEPLOYING");
    }

    @Test
    @Order(1)
    void threeInstancesWithUniqueLandOnThreeAgentsAndAnswerHttp() throws Exception {
        var created = api.raw("POST", "/api/v1/apps", web("hello", SERVER));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Eventually.await(WAIT, () -> "3 healthy: " + status("web"), () -> settled("web", 1, 3));
        JsonNode s = status("web");
        Set<String> agents = new HashSet<>();
        for (JsonNode i : instances(s)) {
            agents.add(i.path("agentId").asText());
            assertThat(i.path("taskId").asText()).startsWith("app:web:");
            assertThat(i.path("ports").path("http").asInt()).isBetween(30100, 30149);
        }
        assertThat(agents).containsExactlyInAnyOrder("agent-1", "agent-2", "agent-3");
        assertThat(s.path("deployment").path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(s.path("endpoints")).hasSize(3);
        for (JsonNode e : s.path("endpoints")) {
            assertThat(httpStatus(e.asText())).isEqualTo(200);
        }
        remember();
    }

    static int httpStatus(String hostPort) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + hostPort + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    @Order(2)
    void aStickyInstanceKilledWithSigkillIsStartedAgainOnItsAgentAndPortWithinItsBackoff() throws Exception {
        JsonNode victim = instances(status("web")).get(0);
        String id = victim.path("id").asText();
        String task = victim.path("taskId").asText();
        long pid = AppAnswers.serverPid(api, task);
        long killedAt = System.nanoTime();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        Eventually.await(WAIT, () -> id + " running a new task: " + status("web"), () -> instances(status("web")).stream()
                .anyMatch(i -> i.path("id").asText().equals(id) && !i.path("taskId").asText().equals(task)
                        && i.path("startedAt").isTextual()));
        double relaunched = (System.nanoTime() - killedAt) / 1e9;
        Eventually.await(WAIT, () -> id + " healthy again: " + status("web"), () -> instances(status("web")).stream()
                .anyMatch(i -> i.path("id").asText().equals(id) && i.path("state").asText().equals("HEALTHY")));
        double healthyAgain = (System.nanoTime() - killedAt) / 1e9;
        System.out.printf("MEASURED relaunch after kill -9: running again %.2f s, healthy again %.2f s%n", relaunched,
                healthyAgain);
        JsonNode s = status("web");
        JsonNode again = instances(s).stream().filter(i -> i.path("id").asText().equals(id)).findFirst().orElseThrow();
        assertThat(again.path("restarts").asInt()).isEqualTo(1);
        assertThat(again.path("agentId").asText()).as("sticky: its agent").isEqualTo(victim.path("agentId").asText());
        assertThat(again.path("ports")).as("sticky: its port").isEqualTo(victim.path("ports"));
        assertThat(httpStatus(again.path("host").asText() + ":" + again.path("ports").path("http").asInt())).isEqualTo(200);
        assertThat(s.path("lastFailure").asText()).contains(id).contains("signal");
        // backoff 1 s for a first failure, plus the launch: well within 10 s.
        assertThat(relaunched).isLessThan(10.0);
        remember();
    }

    @Test
    @Order(3)
    void anInstanceWhoseHealthEndpointStartsFailingIsReplaced() throws IOException {
        Path flag = flags.resolve("fail");
        String script = "import http.server,os\\n"
                + "class H(http.server.BaseHTTPRequestHandler):\\n"
                + " def do_GET(self):\\n"
                + "  self.send_response(500 if os.path.exists(os.environ['FLAG']) else 200); self.end_headers()\\n"
                + "http.server.HTTPServer((os.environ['HOST'], int(os.environ['PORT_HTTP'])), H).serve_forever()\\n";
        String file = """
                name: flaky
                command: 'exec python3 -c "$SCRIPT"'
                instances: 1
                mem: 32m
                env: {FLAG: "%s", SCRIPT: "%s"}
                ports: [{name: http}]
                healthCheck: {type: http, port: http, gracePeriod: 5s, interval: 500ms, timeout: 400ms, maxFailures: 2}
                """.formatted(flag, script);
        var created = api.raw("POST", "/api/v1/apps", file);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Eventually.await(WAIT, () -> "flaky healthy: " + status("flaky"), () -> settled("flaky", 1, 1));
        String first = instances(status("flaky")).get(0).path("id").asText();
        remember();
        Files.writeString(flag, "fail");
        Eventually.await(WAIT, () -> "flaky's " + first + " replaced: " + status("flaky"), () ->
                status("flaky").path("deployment").path("steps").toString().contains("stopping " + first + " (v1): replaced:"));
        assertThat(status("flaky").path("deployment").path("steps").toString()).contains("GET / answered 500");
        Files.delete(flag);
        Eventually.await(WAIT, () -> "a new flaky instance healthy: " + status("flaky"), () -> {
            JsonNode s = status("flaky");
            return settled("flaky", 1, 1) && !instances(s).get(0).path("id").asText().equals(first);
        });
        remember();
        assertThat(api.delete("/api/v1/apps/flaky").status()).isEqualTo(202);
        Eventually.await(WAIT, "flaky deleted", () -> api.get("/api/v1/apps/flaky").status() == 404);
    }

    @Test
    @Order(4)
    void anUpdateWithMinHealthyKeepsTwoOfThreeHealthyAtEveryMoment() {
        AtomicInteger least = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger samples = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try {
            sampler.scheduleAtFixedRate(() -> {
                least.accumulateAndGet((int) healthy(status("web"), 0), Math::min);
                samples.incrementAndGet();
            }, 0, 100, TimeUnit.MILLISECONDS);
            var updated = api.raw("PUT", "/api/v1/apps/web", web("v2", SERVER));
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
            assertThat(status("web").path("version").asInt()).isEqualTo(2);
            Eventually.await(WAIT, () -> "web at version 2: " + status("web"), () -> settled("web", 2, 3));
        } finally {
            sampler.shutdownNow();
        }
        System.out.printf("MEASURED update with minHealthy 0.66: least healthy %d of 3 over %d samples%n", least.get(),
                samples.get());
        assertThat(samples.get()).isGreaterThan(10);
        assertThat(least.get()).isGreaterThanOrEqualTo(2);
        assertThat(status("web").path("deployment").path("state").asText()).isEqualTo("SUCCEEDED");
        remember();
    }

    @Test
    @Order(5)
    void anUpdateThatNeverGetsHealthyStopsAtItsDeadlineAndRevertsToTheLastHealthyVersion() {
        var updated = api.raw("PUT", "/api/v1/apps/web", web("v3", "exec sleep 600"));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        long started = System.nanoTime();
        Eventually.await(WAIT, () -> "web reverting: " + status("web"), () -> {
            remember();
            return status("web").path("deployment").path("state").asText().equals("REVERTING");
        });
        long reverting = System.nanoTime();
        Eventually.await(WAIT, () -> "web reverted: " + status("web"), () -> settled("web", 2, 3));
        JsonNode s = status("web");
        System.out.printf("MEASURED auto-revert: deadline hit after %.2f s, back to 3 healthy at v2 %.2f s later%n",
                (reverting - started) / 1e9, (System.nanoTime() - reverting) / 1e9);
        assertThat(s.path("deployment").path("state").asText()).isEqualTo("REVERTED");
        assertThat(s.path("deployment").path("fromVersion").asInt()).isEqualTo(3);
        assertThat(s.path("deployment").path("toVersion").asInt()).isEqualTo(2);
        assertThat(s.path("version").asInt()).isEqualTo(2);
        assertThat(s.path("deployment").path("steps").toString()).contains("made no progress for 20 s");
        remember();
    }

    @Test
    @Order(6)
    void rollbackToVersionOneRestoresIt() {
        var rolled = api.post("/api/v1/apps/web/rollback", "{\"to\":1}");
        assertThat(rolled.status()).as(rolled.body().toString()).isEqualTo(200);
        Eventually.await(WAIT, () -> "web at version 1: " + status("web"), () -> settled("web", 1, 3));
        JsonNode versions = api.get("/api/v1/apps/web/versions").body();
        assertThat(versions.path("current").asInt()).isEqualTo(1);
        assertThat(versions.path("versions")).hasSize(3);
        assertThat(versions.path("versions").get(0).path("definition").path("env").path("GREETING").asText())
                .isEqualTo("hello");
        remember();
    }

    @Test
    @Order(7)
    void deleteStopsEveryInstanceAndFreesEveryResource() {
        remember();
        var deleted = api.delete("/api/v1/apps/web?grace=2s");
        assertThat(deleted.status()).as(deleted.body().toString()).isEqualTo(202);
        assertThat(deleted.body().path("state").asText()).isEqualTo("DELETING");
        Eventually.await(WAIT, "web gone", () -> api.get("/api/v1/apps/web").status() == 404);
        Eventually.await(Duration.ofSeconds(10), "every resource free", () -> ProcessChecks.allResourcesFree(api));
        Eventually.await(Duration.ofSeconds(10), () -> "no process left of " + pids, () ->
                pids.stream().noneMatch(ProcessChecks::alive));
        assertThat(api.get("/api/v1/apps").body().path("apps")).isEmpty();
    }

    @Test
    @Order(8)
    void theApiRefusesBadFilesUnknownAppsConflictsAndOtherGroups() {
        var bad = api.raw("POST", "/api/v1/apps", "name: Bad_Name\ncommand: [python3]\ninstances: -1\n");
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode problems = read(bad.body()).path("problems");
        assertThat(problems.findValuesAsText("field")).contains("name", "instances");
        assertThat(problems.get(0).path("line").asInt()).isEqualTo(1);
        assertThat(problems.get(0).path("column").asInt()).isPositive();

        String file = "name: idle\ncommand: exec sleep 600\ninstances: 0\n";
        assertThat(api.raw("POST", "/api/v1/apps", file).statusCode()).isEqualTo(201);
        var twice = api.raw("POST", "/api/v1/apps", file);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(read(twice.body()).path("error").asText()).contains("exists");
        Eventually.await(WAIT, () -> "idle suspended: " + status("idle"),
                () -> status("idle").path("state").asText().equals("SUSPENDED"));

        assertThat(api.get("/api/v1/apps/nope").status()).isEqualTo(404);
        assertThat(api.raw("PUT", "/api/v1/apps/nope", "name: nope\ncommand: sleep 1\n").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v1/apps/nope/restart", "").status()).isEqualTo(404);
        assertThat(api.raw("PUT", "/api/v1/apps/idle", "name: other\ncommand: sleep 1\n").statusCode()).isEqualTo(400);
        var pause = api.post("/api/v1/apps/idle/pause", "");
        assertThat(pause.status()).isEqualTo(409);
        assertThat(pause.body().path("error").asText()).contains("SUCCEEDED");
        assertThat(api.post("/api/v1/apps/idle/rollback", "").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/apps/idle/rollback", "{\"to\":9}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/apps/idle/scale", "{\"instances\":-1}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/apps/idle/scale", "{\"instances\":\"x\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/apps/idle/scale", "{}").status()).isEqualTo(400);
        assertThat(api.delete("/api/v1/apps/idle?grace=soon").status()).isEqualTo(400);
        var same = api.raw("PUT", "/api/v1/apps/idle", file);
        assertThat(read(same.body()).path("version").asInt()).as("an identical file makes no version").isEqualTo(1);

        assertThat(api.post("/api/v1/groups", "{\"name\":\"team\"}").status()).isEqualTo(201);
        var minted = api.post("/api/v1/tokens", "{\"name\":\"team-ops\",\"role\":\"operator\",\"group\":\"team\"}");
        assertThat(minted.status()).isEqualTo(201);
        StrataApi team = api.withToken(minted.body().path("token").asText());
        assertThat(team.get("/api/v1/apps/idle").status()).as("another group's app").isEqualTo(404);
        assertThat(team.post("/api/v1/apps/idle/scale", "{\"instances\":1}").status()).isEqualTo(404);
        assertThat(team.get("/api/v1/apps").body().path("apps")).isEmpty();
        assertThat(team.raw("POST", "/api/v1/apps", "name: mine\ncommand: sleep 1\ngroup: default\n").statusCode())
                .isEqualTo(403);
        var own = team.raw("POST", "/api/v1/apps", "name: mine\ncommand: exec sleep 600\ninstances: 0\n");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        assertThat(read(own.body()).path("group").asText()).isEqualTo("team");
        assertThat(api.delete("/api/v1/apps/idle").status()).isEqualTo(202);
        assertThat(team.delete("/api/v1/apps/mine").status()).isEqualTo(202);
        Eventually.await(WAIT, "idle and mine deleted", () -> api.get("/api/v1/apps").body().path("apps").isEmpty());
    }

    @Test
    @Order(9)
    void commandAndTcpChecksMakeInstancesHealthy() {
        String file = """
                name: checked
                command: '%s'
                instances: 2
                mem: 32m
                ports: [{name: http}]
                healthCheck: {type: %s, gracePeriod: 5s, interval: 500ms, timeout: 400ms}
                """;
        var command = api.raw("POST", "/api/v1/apps", file.formatted("exec sleep 600",
                "command, command: 'test -n \"$STRATA_APP_INSTANCE\"'"));
        assertThat(command.statusCode()).as(command.body()).isEqualTo(201);
        Eventually.await(WAIT, () -> "command-checked healthy: " + status("checked"), () -> settled("checked", 1, 2));
        assertThat(instances(status("checked")).get(0).path("reason").asText()).contains("passing command check");
        remember();
        var tcp = api.raw("PUT", "/api/v1/apps/checked", file.formatted(SERVER, "tcp, port: http"));
        assertThat(tcp.statusCode()).as(tcp.body()).isEqualTo(200);
        Eventually.await(WAIT, () -> "tcp-checked healthy: " + status("checked"), () -> settled("checked", 2, 2));
        assertThat(instances(status("checked")).get(0).path("reason").asText()).contains("passing tcp check");
        remember();
        assertThat(api.delete("/api/v1/apps/checked").status()).isEqualTo(202);
        Eventually.await(WAIT, "checked deleted", () -> api.get("/api/v1/apps/checked").status() == 404);
        Eventually.await(Duration.ofSeconds(10), "every resource free", () -> ProcessChecks.allResourcesFree(api));
    }

    @Test
    @Order(10)
    void anAppSurvivesARestartOfTheMasterFromItsRecordInTheControlStore() {
        String file = web("durable", SERVER).replace("name: web", "name: durable").replace("instances: 3", "instances: 2");
        assertThat(api.raw("POST", "/api/v1/apps", file).statusCode()).isEqualTo(201);
        Eventually.await(WAIT, () -> "durable healthy: " + status("durable"), () -> settled("durable", 1, 2));
        Set<String> ids = new HashSet<>(instances(status("durable")).stream().map(i -> i.path("id").asText()).toList());
        remember();
        node.close();
        node = LoopbackCluster.start(home, 3, 1.0, 1024L, 1024L, "30100-30149", Duration.ofSeconds(2));
        api = StrataApi.of(node, home);
        Eventually.await(WAIT, () -> "durable back and healthy: " + api.get("/api/v1/apps/durable").body(),
                () -> api.get("/api/v1/apps/durable").status() == 200 && settled("durable", 1, 2));
        JsonNode s = status("durable");
        assertThat(instances(s).stream().map(i -> i.path("id").asText())).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(s.path("version").asInt()).isEqualTo(1);
        long appTasks = StreamSupport.stream(api.get("/api/v1/tasks").body().spliterator(), false)
                .filter(t -> t.path("id").asText().startsWith("app:durable:") && t.path("state").asText().equals("RUNNING"))
                .count();
        assertThat(appTasks).as("no instance doubled").isEqualTo(2);
        remember();
        assertThat(api.delete("/api/v1/apps/durable").status()).isEqualTo(202);
        Eventually.await(WAIT, "durable deleted", () -> api.get("/api/v1/apps/durable").status() == 404);
        Eventually.await(Duration.ofSeconds(10), "every resource free", () -> ProcessChecks.allResourcesFree(api));
        Eventually.await(Duration.ofSeconds(10), () -> "no process left of " + pids, () ->
                pids.stream().noneMatch(ProcessChecks::alive));
    }
}
