package io.strata.apps.cli;

import static io.strata.cli.StrataCli.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.cli.FakeStrataApi;
import io.strata.cli.FakeStrataApi.Response;
import io.strata.cli.StrataCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code strata app} through the whole CLI against a stand-in API: what it sends, prints and exits with. */
class AppCliTest {

    static final String OLD = "2026-12-04T16:00:00Z";
    static final String NEW = "2026-12-04T17:00:00Z";

    @RegisterExtension
    final FakeStrataApi api = new FakeStrataApi();

    @TempDir
    Path dir;

    static String status(int version, String deployment, String startedAt) {
        return StatusJson.status(version, 2, deployment, startedAt, "HEALTHY/" + version, "HEALTHY/" + version)
                .toString();
    }

    /** GET /api/v1/apps/web answers {@code first} once, then {@code then}. */
    void getAnswers(String first, String then) {
        AtomicInteger gets = new AtomicInteger();
        api.on("GET", "/api/v1/apps/web", r -> Response.json(200, gets.getAndIncrement() == 0 ? first : then));
    }

    List<String> calls() {
        return api.requests().stream().map(r -> r.method() + " " + r.path() + (r.query() == null ? "" : "?" + r.query()))
                .toList();
    }

    @Test
    void createSendsTheFileAsWrittenAndWaitsUntilTheDeploymentSucceeded() throws IOException {
        api.onJson("POST", "/api/v1/apps", 201, status(1, "DEPLOYING", NEW))
                .onJson("GET", "/api/v1/apps/web", 200, status(1, "SUCCEEDED", NEW));

        StrataCli run = api.strata("app", "create", AppFilesTest.SAMPLE.toString(), "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(api.requests().get(0).body()).isEqualTo(Files.readString(AppFilesTest.SAMPLE));
        assertThat(run.out()).isEqualTo("""
                Created app web (version 1, 2 instances); deploying.
                  deployment SUCCEEDED to version 1: a reason
                    web.0: HEALTHY (version 1)
                    web.1: HEALTHY (version 1)
                App web runs version 1: 2 of 2 instances healthy.
                """);
    }

    @Test
    void aBadFileSendsNothing() throws IOException {
        Path bad = Files.writeString(dir.resolve("web.yaml"), "name: web\ncommand: [sleep, 100]\nconstraints: [uniqe]\n");

        StrataCli run = api.strata("app", "update", bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("The app file has a problem; nothing was sent:\n  " + bad + ":3:15: "
                + "constraints[0]: unknown constraint 'uniqe'; use unique, maxPerAgent:N, attribute:KEY=VALUE or "
                + "attribute:KEY~REGEX\n");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void anUpdateThatWasRevertedExitsOneWithTheReason() {
        getAnswers(status(1, "SUCCEEDED", OLD), status(1, "REVERTED", NEW));
        api.onJson("PUT", "/api/v1/apps/web", 200, status(2, "DEPLOYING", NEW));

        StrataCli run = api.strata("app", "update", AppFilesTest.SAMPLE.toString(), "--wait");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("App web: deploying version 2 (from version 1).\n");
        assertThat(run.err()).isEqualTo("App web: deployment REVERTED from version 1 to 2: version 2 was not healthy "
                + "within 60 s; back on version 1.\n");
        assertThat(calls()).startsWith("GET /api/v1/apps/web", "PUT /api/v1/apps/web", "GET /api/v1/apps/web");
    }

    @Test
    void statusJsonIsTheApisJsonUnchanged() {
        api.onJson("GET", "/api/v1/apps/web", 200, StatusJson.DEPLOYING);

        StrataCli run = api.strata("app", "status", "web", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(json(run.out())).isEqualTo(json(StatusJson.DEPLOYING));
    }

    @Test
    void rollbackSendsTheVersionOrNothing() {
        api.onJson("GET", "/api/v1/apps/web", 200, status(2, "SUCCEEDED", OLD))
                .onJson("POST", "/api/v1/apps/web/rollback", 200, status(1, "DEPLOYING", NEW));

        assertThat(api.strata("app", "rollback", "web", "--to", "1").out()).isEqualTo("""
                App web: rolling back from version 2 to version 1.
                Follow it with 'strata app status web'.
                """);
        assertThat(api.strata("app", "rollback", "web").exitCode()).isZero();

        assertThat(api.requests().get(1).body()).isEqualTo("{\"to\":1}");
        assertThat(api.requests().get(3).body()).isEmpty();
    }

    @Test
    void scaleSendsTheCount() {
        api.onJson("GET", "/api/v1/apps/web", 200, status(1, "SUCCEEDED", OLD))
                .onJson("POST", "/api/v1/apps/web/scale", 200, status(1, "SUCCEEDED", OLD));

        StrataCli run = api.strata("app", "scale", "web", "--instances", "2", "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(api.requests().get(1).body()).isEqualTo("{\"instances\":2}");
        assertThat(run.out()).endsWith("App web runs version 1: 2 of 2 instances healthy.\n");
    }

    @Test
    void deleteSendsTheGraceAndWaitsUntilTheAppIsGone() {
        api.onJson("DELETE", "/api/v1/apps/web", 202, status(1, "SUCCEEDED", OLD));
        api.on("GET", "/api/v1/apps/web", r -> Response.json(404, "{\"error\":\"no app named web\"}"));

        StrataCli run = api.strata("app", "delete", "web", "--grace", "5s", "--wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(calls()).containsExactly("DELETE /api/v1/apps/web?grace=5s", "GET /api/v1/apps/web");
        assertThat(run.out()).isEqualTo("""
                App web: deleting; 2 instances are being killed.
                App web is deleted: every instance ended and its resources are back.
                """);
    }

    @Test
    void aDeploymentInTheWrongStateIsAUsageErrorWithTheApisSentence() {
        api.onJson("POST", "/api/v1/apps/web/pause", 409,
                "{\"error\":\"the deployment of web is SUCCEEDED; only a DEPLOYING one can be paused\"}");

        StrataCli run = api.strata("app", "pause", "web");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("The deployment of web is SUCCEEDED; only a DEPLOYING one can be paused.\n");
    }

    @Test
    void listPrintsATable() {
        api.onJson("GET", "/api/v1/apps", 200, "{\"apps\":[{\"name\":\"web\",\"group\":\"default\",\"version\":1,"
                + "\"instances\":2,\"healthy\":2,\"running\":2,\"deployment\":{\"state\":\"SUCCEEDED\"}}]}");

        StrataCli run = api.strata("app", "list");

        assertThat(run.out()).isEqualTo("""
                NAME  GROUP    VERSION  HEALTHY  RUNNING  DEPLOYMENT
                web   default  1        2/2      2        SUCCEEDED
                """);
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("create", "update", "status", "list", "scale", "restart", "versions", "rollback",
                "delete", "pause", "resume", "abort")) {
            StrataCli run = api.strata("app", command, "--help");

            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).startsWith("Usage: strata app " + command);
        }
        assertThat(api.requests()).isEmpty();
    }
}
