package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.testing.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator surface end to end: a real embedded cluster started by `strata up` in its own JVM,
 * driven only through the CLI, and stopped by `strata down` with nothing left behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliEndToEndTest {

    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static long daemonPid;

    @BeforeAll
    static void up() {
        StrataCli up = StrataCli.run(home, "up", "--agents", "2", "--cpus", "2", "--mem", "4096", "--disk", "1024");
        assertThat(up.exitCode()).as(up.err()).isZero();
        daemonPid = ClusterFile.read(home).orElseThrow().pid();
    }

    @AfterAll
    static void down() {
        List<ProcessHandle> tree = ProcessHandle.of(daemonPid).map(p -> p.descendants().collect(Collectors.toList()))
                .orElse(List.of());
        StrataCli down = StrataCli.run(home, "down");
        // Whatever happened above, nothing this test started may outlive it.
        ProcessHandle.of(daemonPid).ifPresent(ProcessHandle::destroyForcibly);
        tree.forEach(ProcessHandle::destroyForcibly);
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(ProcessHandle.of(daemonPid).map(CliEndToEndTest::reallyAlive)).isNotEqualTo(Optional.of(true));
        assertThat(tree).noneMatch(CliEndToEndTest::reallyAlive);
        assertThat(processesUsing(home)).isEmpty();
    }

    @Test
    @Order(1)
    void thirtyQuarterCpuTasksFillTwoAgentsAndTheRestWaitWithAReason() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            StrataCli run = StrataCli.run(home, "task", "run", "--name", "fill-" + i, "--cpus", "0.25", "--mem", "32", "--",
                    "sleep", "600");
            assertThat(run.exitCode()).as(run.err()).isZero();
            ids.add(run.out().trim());
        }
        Eventually.await(DEADLINE, "16 RUNNING and 14 PENDING", () ->
                count(tasks(ids), "RUNNING") == 16 && count(tasks(ids), "PENDING") == 14);
        for (JsonNode t : tasks(ids)) {
            if (t.path("state").asText().equals("PENDING")) {
                assertThat(t.path("reason").asText()).contains("waiting for 0.25 cpus");
            } else {
                assertThat(t.path("pid").asLong()).isPositive();
                assertThat(t.path("agentId").asText()).isIn("agent-1", "agent-2");
            }
        }
        JsonNode status = json(StrataCli.run(home, "status", "--json"));
        for (JsonNode agent : status.path("agents")) {
            assertThat(agent.path("total").path("cpus").asDouble()).isEqualTo(2.0);
            assertThat(agent.path("used").path("cpus").asDouble()).isEqualTo(2.0);
        }

        List<String> killed = new ArrayList<>();
        for (JsonNode t : tasks(ids)) {
            if (killed.size() < 4 && t.path("state").asText().equals("RUNNING")) {
                killed.add(t.path("id").asText());
            }
        }
        for (String id : killed) {
            StrataCli kill = StrataCli.run(home, "task", "kill", id);
            assertThat(kill.exitCode()).as(kill.err()).isZero();
        }
        Eventually.await(DEADLINE, "4 KILLED, 16 RUNNING, 10 PENDING", () -> {
            List<JsonNode> now = tasks(ids);
            return count(now, "KILLED") == 4 && count(now, "RUNNING") == 16 && count(now, "PENDING") == 10;
        });
        for (String id : ids) {
            StrataCli.run(home, "task", "kill", id);
        }
        Eventually.await(DEADLINE, "every task ended", () -> tasks(ids).stream()
                .noneMatch(t -> t.path("state").asText().matches("RUNNING|PENDING|STAGING|STARTING")));
        Eventually.await(DEADLINE, "every cpu back in the pool", () -> {
            JsonNode s = json(StrataCli.run(home, "status", "--json"));
            for (JsonNode agent : s.path("agents")) {
                if (agent.path("used").path("cpus").asDouble() != 0.0) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    @Order(2)
    void aFailingShellEndsFailedWithItsExitCodeAndKeepsItsLogs() {
        String id = StrataCli.run(home, "task", "run", "--cpus", "0.25", "--mem", "32", "--", "sh", "-c", "echo hi; exit 3")
                .out().trim();
        JsonNode t = Eventually.awaitValue(DEADLINE, "the task failed", () -> {
            JsonNode n = task(id);
            return n != null && n.path("state").asText().equals("FAILED") ? n : null;
        });
        assertThat(t.path("exitCode").asInt()).isEqualTo(3);
        assertThat(t.path("reason").asText()).contains("code 3");
        var api = new io.strata.testing.StrataApi(ClusterFile.read(home).orElseThrow().api().toString(),
                io.strata.testing.StrataApi.credentials(home));
        var one = api.get("/api/v1/tasks/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().path("state").asText()).isEqualTo("FAILED");
        assertThat(one.body().path("exitCode").asInt()).isEqualTo(3);
        assertThat(api.get("/api/v1/tasks/no-such-task").status()).isEqualTo(404);
        StrataCli logs = StrataCli.run(home, "task", "logs", id);
        assertThat(logs.exitCode()).as(logs.err()).isZero();
        assertThat(logs.out()).isEqualTo("hi\n");
        StrataCli follow = StrataCli.run(home, "task", "logs", id, "--follow");
        assertThat(follow.exitCode()).as(follow.err()).isZero();
        assertThat(follow.out()).isEqualTo("hi\n");
    }

    @Test
    @Order(3)
    void aCommandThatDoesNotExistEndsFailedWithNotFound() {
        String id = StrataCli.run(home, "task", "run", "--cpus", "0.25", "--mem", "32", "--", "no-such-command-xyz")
                .out().trim();
        JsonNode t = Eventually.awaitValue(DEADLINE, "the task failed", () -> {
            JsonNode n = task(id);
            return n != null && n.path("state").asText().equals("FAILED") ? n : null;
        });
        assertThat(t.path("reason").asText()).contains("not found").contains("no-such-command-xyz");
    }

    @Test
    @Order(4)
    void userErrorsGetOnePlainSentenceAndTheRightExitCode() {
        StrataCli unknown = StrataCli.run(home, "task", "kill", "no-such-task");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("No task with id 'no-such-task'").doesNotContain("Exception");
        StrataCli zero = StrataCli.run(home, "task", "run", "--cpus", "0", "--mem", "32", "--", "true");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--cpus");
        StrataCli negative = StrataCli.run(home, "task", "run", "--cpus", "1", "--mem", "-5", "--", "true");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("--mem");
        StrataCli flag = StrataCli.run(home, "task", "list", "--jsn");
        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.err()).contains("--jsn").doesNotContain("Exception");
        StrataCli again = StrataCli.run(home, "up", "--agents", "2", "--cpus", "2");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already up");
    }

    private static List<JsonNode> tasks(List<String> ids) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : json(StrataCli.run(home, "task", "list", "--json"))) {
            if (ids.contains(t.path("id").asText())) {
                out.add(t);
            }
        }
        return out;
    }

    private static JsonNode task(String id) {
        for (JsonNode t : json(StrataCli.run(home, "task", "list", "--json"))) {
            if (t.path("id").asText().equals(id)) {
                return t;
            }
        }
        return null;
    }

    private static long count(List<JsonNode> tasks, String state) {
        return tasks.stream().filter(t -> t.path("state").asText().equals(state)).count();
    }

    @Test
    @Order(5)
    void aFileUploadedWithArtifactPutIsNamedByTheSha256OfItsBytes() throws Exception {
        byte[] bytes = new byte[300_000];
        new java.util.Random(7).nextBytes(bytes);
        Path file = Files.write(Files.createTempDirectory(home, "upload").resolve("gateway.jar"), bytes);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));

        StrataCli put = StrataCli.run(home, "artifact", "put", file.toString());
        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(put.out().trim()).isEqualTo(sha);
        assertThat(put.err()).contains("300000 bytes").contains("{sha256: " + sha + ", name: gateway.jar}");
        JsonNode again = json(StrataCli.run(home, "artifact", "put", "--json", file.toString()));
        assertThat(again.path("sha256").asText()).isEqualTo(sha);
        assertThat(again.path("size").asLong()).isEqualTo(300_000);

        StrataCli missing = StrataCli.run(home, "artifact", "put", home.resolve("nope.jar").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.jar does not exist; give the path of a file to upload.");
        assertThat(missing.out()).isEmpty();
    }

    private static JsonNode json(StrataCli cli) {
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        try {
            return JSON.readTree(cli.out());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + cli.out(), e);
        }
    }

    /** A zombie is not alive for our purposes; ProcessHandle.isAlive counts it. */
    private static boolean reallyAlive(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception e) {
            return false;
        }
    }

    private static List<Long> processesUsing(Path dir) {
        String needle = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(needle)).orElse(false)
                        || cwd(p).startsWith(needle))
                .filter(CliEndToEndTest::reallyAlive)
                .map(ProcessHandle::pid).collect(Collectors.toList());
    }

    private static String cwd(ProcessHandle p) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).toString();
        } catch (Exception e) {
            return "";
        }
    }
}
