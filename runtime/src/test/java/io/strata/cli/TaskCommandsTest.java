package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.strata.cli.FakeStrataApi.Request;
import io.strata.cli.FakeStrataApi.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class TaskCommandsTest {

    @TempDir
    Path home;

    private final FakeStrataApi api = new FakeStrataApi();

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void taskRunPostsTheTaskAndPrintsOnlyItsId() {
        api.servesHome(home).onJson("POST", "/api/v1/tasks", 201, "{\"id\":\"t-7\",\"state\":\"PENDING\"}");

        StrataCli run = StrataCli.run(home, "task", "run", "--name", "hello", "--cpus", "0.25", "--mem", "64",
                "--env", "GREETING=hi", "--env", "EMPTY=", "--", "sh", "-c", "echo $GREETING");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("t-7\n");
        assertThat(run.err()).isEmpty();
        Request posted = api.requests().get(0);
        assertThat(SampleJson.parse(posted.body())).isEqualTo(SampleJson.parse("""
                {"name":"hello","cpus":0.25,"memMb":64,"diskMb":0,"env":{"GREETING":"hi","EMPTY":""},
                 "command":["sh","-c","echo $GREETING"]}"""));
    }

    @Test
    void taskRunWithoutANameLeavesTheNameToTheServer() {
        api.servesHome(home).onJson("POST", "/api/v1/tasks", 201, "{\"id\":\"t-8\",\"state\":\"PENDING\"}");

        StrataCli.run(home, "task", "run", "--cpus", "1", "--mem", "32", "--disk", "10", "--", "true");

        assertThat(SampleJson.parse(api.requests().get(0).body())).isEqualTo(SampleJson.parse(
                "{\"cpus\":1.0,\"memMb\":32,\"diskMb\":10,\"env\":{},\"command\":[\"true\"]}"));
    }

    @Test
    void requestTheApiRejectsIsAUsageErrorWithTheApisMessage() {
        api.servesHome(home).onJson("POST", "/api/v1/tasks", 400, "{\"error\":\"cpus must be at most 64\"}");

        StrataCli run = StrataCli.run(home, "task", "run", "--cpus", "100", "--mem", "64", "--", "true");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Cpus must be at most 64.\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void serverErrorIsAFailureWithTheApisMessage() {
        api.servesHome(home).onJson("GET", "/api/v1/tasks", 500, "{\"error\":\"master is not available\"}");

        StrataCli run = StrataCli.run(home, "task", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Master is not available.\n");
    }

    @Test
    void taskKillAsksTheApiToKillIt() {
        api.servesHome(home).onJson("DELETE", "/api/v1/tasks/t-1", 202, "{\"id\":\"t-1\",\"state\":\"RUNNING\"}");

        StrataCli run = StrataCli.run(home, "task", "kill", "t-1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Killing task t-1.\n");
        assertThat(api.requests()).extracting(Request::method, Request::path).containsExactly(
                tuple("DELETE", "/api/v1/tasks/t-1"));
    }

    @Test
    void taskKillWithAGraceSendsIt() {
        api.servesHome(home).onJson("DELETE", "/api/v1/tasks/t-1", 202, "{\"id\":\"t-1\",\"state\":\"KILLING\"}");

        StrataCli run = StrataCli.run(home, "task", "kill", "t-1", "--grace", "0s");

        assertThat(run.exitCode()).isZero();
        assertThat(api.requests()).extracting(Request::method, Request::path, Request::query).containsExactly(
                tuple("DELETE", "/api/v1/tasks/t-1", "grace=0s"));
    }

    @Test
    void taskKillOfAnUnknownIdFailsAndPointsToTheList() {
        api.servesHome(home).onJson("DELETE", "/api/v1/tasks/nope", 404, "{\"error\":\"no task with id 'nope'\"}");

        StrataCli run = StrataCli.run(home, "task", "kill", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("No task with id 'nope'. See 'strata task list'.\n");
    }

    @Test
    void taskListPrintsATableOrTheJsonAsIs() {
        api.servesHome(home).onJson("GET", "/api/v1/tasks", 200, SampleJson.TASKS);

        StrataCli table = StrataCli.run(home, "task", "list");
        StrataCli json = StrataCli.run(home, "task", "list", "--json");

        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).startsWith("ID   NAME   FRAMEWORK     STATE    AGENT    PID   EXIT  REASON\n");
        assertThat(json.exitCode()).isZero();
        assertThat(SampleJson.parse(json.out())).isEqualTo(SampleJson.parse(SampleJson.TASKS));
    }

    @Test
    void statusPrintsTheApiAddressAndTablesOrTheJsonAsIs() {
        api.servesHome(home).onJson("GET", "/api/v1/state", 200, SampleJson.STATE);

        StrataCli text = StrataCli.run(home, "status");
        StrataCli json = StrataCli.run(home, "status", "--json");

        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).startsWith("API     " + api.url() + "\nMaster  pekko://strata@127.0.0.1:40000")
                .contains("agent-1             127.0.0.1  0.5/2  128/4096  0/10240    2");
        assertThat(SampleJson.parse(json.out())).isEqualTo(SampleJson.parse(SampleJson.STATE));
        assertThat(SampleJson.parse(json.out()).path("agents").get(0).path("total").path("memMb").asLong())
                .isEqualTo(4096);
    }

    @Test
    void logsPrintsWhatThereIsAndStopsWithoutFollow() {
        api.servesHome(home).on("GET", "/api/v1/tasks/t-1/logs", request -> switch (request.query()) {
            case "stream=stdout&offset=0" -> log("hello\n", 6, "RUNNING");
            default -> log("", 6, "RUNNING");
        });

        StrataCli run = StrataCli.run(home, "task", "logs", "t-1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("hello\n");
    }

    @Test
    @Timeout(10)
    void logsFollowReadsFromEachNextOffsetUntilTheTaskHasEndedAndNothingIsLeft() {
        api.servesHome(home).on("GET", "/api/v1/tasks/t-1/logs", request -> switch (request.query()) {
            case "stream=stderr&offset=0" -> log("one\n", 4, "RUNNING");
            case "stream=stderr&offset=4" -> log("two\n", 8, "RUNNING");
            case "stream=stderr&offset=8" -> log("three\n", 14, "FAILED");
            default -> log("", 14, "FAILED");
        });

        StrataCli run = StrataCli.run(home, "task", "logs", "t-1", "--stderr", "--follow");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("one\ntwo\nthree\n");
        assertThat(api.requests()).extracting(Request::query).containsExactly(
                "stream=stderr&offset=0", "stream=stderr&offset=4", "stream=stderr&offset=8",
                "stream=stderr&offset=14");
    }

    @Test
    void logsOfAnUnknownTaskFailsAndPointsToTheList() {
        api.servesHome(home).onJson("GET", "/api/v1/tasks/nope/logs", 404, "{\"error\":\"no task with id 'nope'\"}");

        StrataCli run = StrataCli.run(home, "task", "logs", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("No task with id 'nope'. See 'strata task list'.\n");
    }

    @Test
    void anApiThatDoesNotListenMeansNoClusterIsRunning() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        new ClusterFile(ProcessHandle.current().pid(), URI.create("http://127.0.0.1:" + closedPort), Instant.now())
                .write(home);

        StrataCli run = StrataCli.run(home, "task", "kill", "t-1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("No Strata cluster is running at " + home.toAbsolutePath().normalize()
                + ". Start one with 'strata up'.\n");
    }

    private static Response log(String text, long nextOffset, String state) {
        return Response.text(text, Map.of("Content-Type", "text/plain",
                "X-Strata-Next-Offset", Long.toString(nextOffset), "X-Strata-Task-State", state));
    }
}
