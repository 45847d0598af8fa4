package io.strata.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.spec.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppFileTest {

    /** The example of issue #17, which must be accepted as written. */
    static final String WEB = """
            name: web
            command: [python3, -m, http.server, "${PORT_HTTP}"]   # or a string run by sh -c
            instances: 3
            cpus: 0.1
            mem: 64m
            env: {GREETING: hello}
            ports: [{name: http}]
            healthCheck: {type: http, port: http, path: /, gracePeriod: 10s, interval: 2s, timeout: 1s, maxFailures: 3}
            constraints: [unique]          # or maxPerAgent:2, attribute:rack=r1
            upgrade: {minHealthy: 0.66, maxSurge: 1, progressDeadline: 60s, autoRevert: true}
            """;

    @Test
    void theIssuesExampleIsAcceptedAsWritten() throws Exception {
        AppDefinition d = AppFile.parse("web.yaml", WEB);
        assertThat(d.name()).isEqualTo("web");
        assertThat(d.command()).containsExactly("python3", "-m", "http.server", "${PORT_HTTP}");
        assertThat(d.shell()).isFalse();
        assertThat(d.instances()).isEqualTo(3);
        assertThat(d.cpus()).isEqualTo(0.1);
        assertThat(d.memMb()).isEqualTo(64);
        assertThat(d.env()).isEqualTo(Map.of("GREETING", "hello"));
        assertThat(d.ports()).containsExactly(new AppDefinition.Port("http", null));
        assertThat(d.ports().get(0).envName()).isEqualTo("PORT_HTTP");
        assertThat(d.healthCheck()).isEqualTo(new HealthCheck(HealthCheck.Type.HTTP, "http", "/", List.of(),
                Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(1), 3));
        assertThat(d.constraints()).containsExactly(new Placement.Unique());
        assertThat(d.upgrade()).isEqualTo(new UpgradePolicy(0.66, 1, Duration.ofSeconds(60), true));
        assertThat(d.group()).isEqualTo("default");
        assertThat(d.killGracePeriod()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theSameAppInJsonIsAcceptedToo() throws Exception {
        AppDefinition d = AppFile.parse("web.json", """
                {"name": "web", "command": "python3 -m http.server $PORT_HTTP", "instances": 2, "cpus": 0.25,
                 "mem": 128, "ports": [{"name": "http", "port": 8080}],
                 "constraints": ["maxPerAgent:2", "attribute:rack=r1", "attribute:zone~eu-.*"],
                 "healthCheck": {"type": "tcp", "port": "http"}}
                """);
        assertThat(d.shell()).isTrue();
        assertThat(d.command()).containsExactly("python3 -m http.server $PORT_HTTP");
        assertThat(d.ports()).containsExactly(new AppDefinition.Port("http", 8080));
        assertThat(d.constraints()).containsExactly(new Placement.MaxPerAgent(2), new Placement.AttributeIs("rack", "r1"),
                new Placement.AttributeLike("zone", "eu-.*"));
        assertThat(d.healthCheck().gracePeriod()).isEqualTo(HealthCheck.DEFAULT_GRACE);
        assertThat(d.upgrade()).isEqualTo(UpgradePolicy.DEFAULT);
    }

    @Test
    void constraintsWrittenInYamlsPlainFormsAreRead() throws Exception {
        AppDefinition d = AppFile.parse("a.yaml", """
                name: a
                command: [sleep, "60"]
                constraints:
                  - maxPerAgent:2
                  - attribute: rack=r1
                """);
        assertThat(d.constraints()).containsExactly(new Placement.MaxPerAgent(2), new Placement.AttributeIs("rack", "r1"));
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsLineAndField() {
        AppFileException e = catchThrowableOfType(() -> AppFile.parse("bad.yaml", """
                name: Web
                command: [python3, -m, http.server, "${PORT_WEB}"]
                instance: 3
                cpus: lots
                mem: 64 bananas
                ports: [{name: http}, {name: http}]
                healthCheck: {type: http, port: admin, timeout: 5s, interval: 1s}
                constraints: [unique, maxPerAgent:0, rack=r1]
                upgrade: {minHealthy: 1, maxSurge: 0}
                """), AppFileException.class);
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "bad.yaml:1:7: name: must be lower-case letters, digits and '-', starting with a letter (at most 63),"
                        + " got 'Web'",
                "bad.yaml:2:10: command: '${PORT_WEB}' names no port of the app; its ports are http (${PORT_HTTP})",
                "bad.yaml:3:1: unknown key 'instance'; did you mean 'instances'? Known keys: " + String.join(", ",
                        AppFile.KEYS),
                "bad.yaml:4:7: cpus: must be a number greater than 0 (e.g. 0.5 or 2), got 'lots'",
                "bad.yaml:5:6: mem: '64 bananas' is not a size; use megabytes (768) or a number with m or g (768m, 1g,"
                        + " 1.5g)",
                "bad.yaml:6:23: ports[1]: port 'http' is named twice; give each port its own name",
                "bad.yaml:7:33: healthCheck.port: 'admin' is not a port of the app; its ports are http",
                "bad.yaml:7:49: healthCheck.timeout: must not be longer than interval (1000 ms)",
                "bad.yaml:8:23: constraints[1]: maxPerAgent needs a whole number of 1 or more, e.g. maxPerAgent:2,"
                        + " got 'maxPerAgent:0'",
                "bad.yaml:8:38: constraints[2]: unknown constraint 'rack=r1'; use " + Constraints.FORMS,
                "bad.yaml:9:10: upgrade: upgrade.minHealthy 1 with upgrade.maxSurge 0 can never replace an instance:"
                        + " lower minHealthy (e.g. 0.66) or allow a surge (maxSurge: 1)");
    }

    @Test
    void aMissingCommandAndNameAndAnEmptyFileSayWhatIsNeeded() {
        assertThatThrownBy(() -> AppFile.parse("e.yaml", "")).isInstanceOf(AppFileException.class)
                .hasMessage("e.yaml: the file is empty; an app file needs at least name and command");
        AppFileException e = catchThrowableOfType(() -> AppFile.parse("m.yaml", "instances: 2\n"),
                AppFileException.class);
        assertThat(e.problems()).extracting(Problem::field).containsExactly("name", "command");
        assertThat(e.getMessage()).contains("command: missing; the program to run: a list such as");
        AppFileException notYaml = catchThrowableOfType(() -> AppFile.parse("t.yaml", "name: [a\n"),
                AppFileException.class);
        assertThat(notYaml.problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("not valid YAML"));
    }

    @Test
    void artifactsNameAnUploadedFileBySha256AndItsNameInTheSandbox() throws Exception {
        String sha = "ab".repeat(32);
        AppDefinition d = AppFile.parse("a.yaml", "name: web\ncommand: [java, -jar, web.jar]\nartifacts:\n"
                + "  - {sha256: " + sha + ", name: web.jar}\n  - {sha256: " + sha + ", name: copy of web.jar}\n");
        assertThat(d.artifacts()).containsExactly(new AppDefinition.Artifact(sha, "web.jar"),
                new AppDefinition.Artifact(sha, "copy of web.jar"));
        assertThat(AppFile.parse("b.yaml", "name: web\ncommand: [true]\nartifacts: []\n").artifacts()).isEmpty();
    }

    @Test
    void aBadArtifactIsRefusedAtItsLineAndField() {
        String sha = "ab".repeat(32);
        AppFileException e = catchThrowableOfType(() -> AppFile.parse("a.yaml", """
                name: web
                command: [java, -jar, web.jar]
                artifacts:
                  - web.jar
                  - {sha256: AB12, name: web.jar}
                  - {sha256: %1$s, name: ../web.jar}
                  - {sha256: %1$s, name: ..}
                  - {sha256: %1$s, name: lib.jar}
                  - {sha256: %1$s, name: lib.jar}
                  - {name: x.jar}
                """.formatted(sha)), AppFileException.class);
        assertThat(e.problems()).extracting(p -> p.line() + " " + p.field()).containsExactly(
                "4 artifacts[0]", "5 artifacts[1].sha256", "6 artifacts[2].name", "7 artifacts[3].name",
                "9 artifacts[5].name", "10 artifacts[6].sha256");
        assertThat(e.problems()).extracting(Problem::message).satisfiesExactly(
                m -> assertThat(m).contains("{sha256: <the 64 hex digits POST /api/v1/artifacts answered>, name:"),
                m -> assertThat(m).contains("'AB12' is not a SHA-256"),
                m -> assertThat(m).contains("'../web.jar' is not a file name"),
                m -> assertThat(m).contains("'..' is not a file name"),
                m -> assertThat(m).contains("'lib.jar' is named twice"),
                m -> assertThat(m).startsWith("missing; the 64 lower-case hex digits"));
    }

    @Test
    void envCannotTakeThePortVariablesAndArgsGoOnlyWithAListCommand() {
        AppFileException e = catchThrowableOfType(() -> AppFile.parse("env.yaml", """
                name: a
                command: "sleep 60"
                args: [x]
                ports: [http]
                env: {PORT_HTTP: "80", 1BAD: x}
                healthCheck: {type: command, command: "true", port: http}
                """), AppFileException.class);
        assertThat(e.problems()).extracting(Problem::field).containsExactly("args", "env.PORT_HTTP", "env.1BAD",
                "healthCheck.port");
    }
    @Test
    void stickyIsOffByDefaultTrueForTwoMinutesOrForAGivenTime() throws Exception {
        String base = "name: a\ncommand: [sleep, \"60\"]\n";
        assertThat(AppFile.parse("a.yaml", base).sticky()).isEqualTo(Duration.ZERO);
        assertThat(AppFile.parse("a.yaml", base + "sticky: true\n").sticky()).isEqualTo(Duration.ofMinutes(2));
        assertThat(AppFile.parse("a.yaml", base + "sticky: false\n").sticky()).isEqualTo(Duration.ZERO);
        assertThat(AppFile.parse("a.yaml", base + "sticky: {for: 90s}\n").sticky()).isEqualTo(Duration.ofSeconds(90));
        for (String bad : List.of("sticky: often", "sticky: {for: soon}", "sticky: {fore: 1m}", "sticky: [1m]")) {
            AppFileException e = catchThrowableOfType(() -> AppFile.parse("s.yaml", base + bad + "\n"),
                    AppFileException.class);
            assertThat(e.problems()).as(bad).allSatisfy(p -> {
                assertThat(p.line()).isEqualTo(3);
                assertThat(p.field()).startsWith("sticky");
            });
            assertThat(e.getMessage()).as(bad).containsAnyOf("true (for 2m), false, or {for: 90s}", "not a duration",
                    "did you mean 'for'");
        }
    }

    @Test
    void moreCpusMemoryOrDiskThanAnyClusterHasIsRefusedAtItsField() throws Exception {
        String base = "name: a\ncommand: [sleep, \"60\"]\n";
        assertThat(AppFile.parse("a.yaml", base + "cpus: 1000000000\nmem: 1073741824\ndisk: 1024g\n").memMb())
                .isEqualTo(1L << 30);
        AppFileException e = catchThrowableOfType(() -> AppFile.parse("a.yaml", base
                + "cpus: 1e300\nmem: 9000000000000000000\ndisk: 2000000g\n"), AppFileException.class);
        assertThat(e.problems()).extracting(Problem::field).containsExactly("cpus", "mem", "disk");
        assertThat(e.problems()).extracting(Problem::line).containsExactly(3, 4, 5);
        assertThat(e.problems().get(0).message()).isEqualTo("must be at most 1000000000 cpus, more than any cluster has,"
                + " got '1e300'");
        assertThat(e.problems().get(1).message()).isEqualTo("must be at most 1073741824 MB (1 PB), more than any cluster"
                + " has, got '9000000000000000000'");
        assertThat(e.problems().get(2).message()).contains("got '2000000g'");
    }
}
