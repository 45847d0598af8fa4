package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.ApiTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every master serves the API: the CLI moves on to the next URL when one does not answer, unless that could apply a change twice. */
@Timeout(60)
class ApiFailoverTest {

    private static final String TASKS = "[{\"id\":\"t-1\",\"name\":\"hello\",\"state\":\"RUNNING\"}]";

    @TempDir
    Path home;

    private final FakeStrataApi master = new FakeStrataApi().onJson("GET", "/api/v1/tasks", 200, TASKS)
            .onJson("POST", "/api/v1/tasks", 201, "{\"id\":\"t-2\",\"state\":\"PENDING\"}");
    private final DeadNodes dead = new DeadNodes();

    @AfterEach
    void stop() throws Exception {
        master.close();
        dead.close();
    }

    private StrataCli strata(List<URI> urls, String... args) {
        return StrataCli.run(home, Map.of("STRATA_API", String.join(",", urls.stream().map(URI::toString).toList())),
                args);
    }

    @Test
    void aMasterThatRefusesIsSkippedWithoutBeingTold() {
        StrataCli add = StrataCli.run(home, "cluster", "add", "prod", dead.refusing() + "," + master.url());
        assertThat(add.exitCode()).isZero();

        StrataCli list = StrataCli.run(home, "task", "list", "--json");

        assertThat(list.exitCode()).isZero();
        assertThat(list.err()).isEmpty();
        assertThat(StrataCli.json(list.out())).isEqualTo(StrataCli.json(TASKS));
    }

    @Test
    void aHostThatDropsConnectionsCostsOnlyTheConnectTimeout() {
        long start = System.nanoTime();

        StrataCli list = strata(List.of(dead.droppingConnections(), master.url()), "--connect-timeout", "0.5",
                "task", "list", "--json");

        assertThat(list.exitCode()).isZero();
        assertThat(StrataCli.json(list.out())).isEqualTo(StrataCli.json(TASKS));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void connectTimeoutDefaultsToTwoSecondsAndComesFromTheEnvironment() {
        URI dropping = dead.droppingConnections();

        StrataCli byDefault = strata(List.of(dropping), "task", "list");
        StrataCli fromEnv = StrataCli.run(home, Map.of("STRATA_API", dropping.toString(),
                "STRATA_CONNECT_TIMEOUT", "0.25"), "task", "list");

        assertThat(byDefault.err()).contains(dropping + " did not accept a connection within 2 s");
        assertThat(fromEnv.err()).contains(dropping + " did not accept a connection within 0.25 s");
    }

    @Test
    void whenNoMasterAnswersTheFailureNamesEachUrlAndWhy() {
        URI refusing = dead.refusing();
        URI dropping = dead.droppingConnections();
        StrataCli.run(home, "cluster", "add", "prod", refusing + "," + dropping);

        StrataCli list = StrataCli.run(home, "--connect-timeout", "0.3", "task", "list");

        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.out()).isEmpty();
        assertThat(list.err()).isEqualTo("Cannot reach the Strata API of cluster 'prod': " + refusing
                + " refused the connection, " + dropping + " did not accept a connection within 0.3 s. "
                + "Check that its masters run, or its URLs with 'strata cluster list'.\n");
    }

    @Test
    void whenNoUrlOfStrataApiAnswersTheFailureSaysToCheckTheVariable() {
        URI refusing = dead.refusing();

        StrataCli status = strata(List.of(refusing), "status");

        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).isEqualTo("Cannot reach the Strata API of STRATA_API=" + refusing + ": " + refusing
                + " refused the connection. Check that its masters run, or change STRATA_API.\n");
    }

    @Test
    void aReadMovesOnFromAMasterThatHangsUpAndTheRunKeepsTheOneThatAnswered() {
        AtomicInteger hungUp = new AtomicInteger();
        ApiClient api = new ApiClient(new ApiTarget.Remote("cluster 'prod'",
                List.of(dead.hangingUp(hungUp), master.url()), "check"), Duration.ofSeconds(2), Duration.ofSeconds(5));

        api.get("/api/v1/tasks");
        int readsOfTheFirst = hungUp.get();
        api.get("/api/v1/tasks");

        assertThat(readsOfTheFirst).isPositive();
        assertThat(hungUp.get()).isEqualTo(readsOfTheFirst);
        assertThat(master.requests()).hasSize(2);
        assertThat(api.base()).isEqualTo(master.url());
    }

    @Test
    void aReadMovesOnFromAMasterThatTakesTheConnectionButNeverAnswers() {
        ApiClient api = new ApiClient(new ApiTarget.Remote("cluster 'prod'", List.of(dead.silent(), master.url()),
                "check"), Duration.ofSeconds(2), Duration.ofMillis(500));

        assertThat(api.get("/api/v1/tasks")).isEqualTo(StrataCli.json(TASKS));
    }

    @Test
    void aReadMovesOnFromAMasterThatCannotServeNow() {
        try (FakeStrataApi failingOver = new FakeStrataApi().onJson("GET", "/api/v1/tasks", 503,
                "{\"error\":\"the Strata master did not answer within 10s; it may be failing over, try again\"}")) {

            StrataCli list = strata(List.of(failingOver.url(), master.url()), "task", "list", "--json");

            assertThat(list.exitCode()).isZero();
            assertThat(failingOver.requests()).hasSize(1);
            assertThat(master.requests()).hasSize(1);
        }
    }

    @Test
    void aCreateIsSentToTheNextMasterWhenTheFirstRefusedTheConnection() {
        StrataCli run = strata(List.of(dead.refusing(), master.url()), "task", "run", "--cpus", "0.5", "--mem", "64",
                "--", "true");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("t-2\n");
        assertThat(master.requests()).extracting(FakeStrataApi.Request::method).containsExactly("POST");
    }

    @Test
    void aCreateThatReachedAMasterIsNeverSentAgain() {
        AtomicInteger hungUp = new AtomicInteger();
        URI hangingUp = dead.hangingUp(hungUp);

        StrataCli run = strata(List.of(hangingUp, master.url()), "task", "run", "--cpus", "0.5", "--mem", "64",
                "--", "true");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("POST /api/v1/tasks reached " + hangingUp + ", which failed (")
                .endsWith("; it may have been applied, so strata did not send it to another master. "
                        + "Check with a list or status command before trying again.\n")
                .doesNotContain("\tat ");
        assertThat(hungUp.get()).isEqualTo(1);
        assertThat(master.requests()).isEmpty();
    }

    @Test
    void aCreateAnsweredWithServiceUnavailableIsNotSentAgain() {
        try (FakeStrataApi failingOver = new FakeStrataApi().onJson("POST", "/api/v1/tasks", 503,
                "{\"error\":\"the Strata master did not answer within 10s; it may be failing over, try again\"}")) {

            StrataCli run = strata(List.of(failingOver.url(), master.url()), "task", "run", "--cpus", "0.5",
                    "--mem", "64", "--", "true");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("The Strata master did not answer within 10s; it may be failing over, "
                    + "try again.\n");
            assertThat(master.requests()).isEmpty();
        }
    }

    @Test
    void statusShowsTheMasterThatAnswered() {
        master.onJson("GET", "/api/v1/state", 200, "{\"agents\":[],\"frameworks\":[],\"tasks\":{}}");

        StrataCli status = strata(List.of(dead.refusing(), master.url()), "status");

        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).startsWith("API     " + master.url() + "\n");
    }
}
