package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** 'strata cluster add|use|list|remove', and which cluster a command talks to. */
class ClusterCommandsTest {

    private static final String A = "http://10.0.0.1:8080";
    private static final String B = "http://10.0.0.2:8080";
    private static final String C = "https://strata.example.com:443";

    @TempDir
    Path home;

    private final FakeStrataApi local = new FakeStrataApi().onJson("GET", "/api/v1/tasks", 200, "[]");
    private final FakeStrataApi current = new FakeStrataApi().onJson("GET", "/api/v1/tasks", 200, "[]");
    private final FakeStrataApi fromEnv = new FakeStrataApi().onJson("GET", "/api/v1/tasks", 200, "[]");
    private final FakeStrataApi named = new FakeStrataApi().onJson("GET", "/api/v1/tasks", 200, "[]");

    @AfterEach
    void stop() {
        local.close();
        current.close();
        fromEnv.close();
        named.close();
    }

    private StrataCli strata(String... args) {
        return StrataCli.run(home, args);
    }

    @Test
    void addUseListRemoveRoundTrip() throws Exception {
        StrataCli addProd = strata("cluster", "add", "prod", A + "," + B, C);
        StrataCli addStaging = strata("cluster", "add", "staging", "http://192.168.1.5:9090/");

        assertThat(addProd.exitCode()).isZero();
        assertThat(addProd.out()).isEqualTo("Added cluster 'prod' with 3 API URLs; it is the current cluster now.\n");
        assertThat(addStaging.out()).isEqualTo("Added cluster 'staging' with 1 API URL; use it with "
                + "'strata cluster use staging' or --cluster staging.\n");
        assertThat(strata("cluster", "list").out()).isEqualTo("""
                CURRENT  NAME     URLS
                         local    (not running)
                *        prod     http://10.0.0.1:8080,http://10.0.0.2:8080,https://strata.example.com:443
                         staging  http://192.168.1.5:9090
                """);

        StrataCli use = strata("cluster", "use", "staging");

        assertThat(use.out()).isEqualTo("Commands talk to cluster 'staging' (http://192.168.1.5:9090) now.\n");
        assertThat(StrataCli.json(strata("cluster", "list", "--json").out())).isEqualTo(StrataCli.json("""
                {"current": "staging", "clusters": [
                  {"name": "local", "urls": [], "current": false},
                  {"name": "prod", "urls": ["http://10.0.0.1:8080", "http://10.0.0.2:8080",
                                            "https://strata.example.com:443"], "current": false},
                  {"name": "staging", "urls": ["http://192.168.1.5:9090"], "current": true}]}"""));
        assertThat(StrataCli.json(Files.readString(home.resolve("clusters.json"), StandardCharsets.UTF_8)))
                .isEqualTo(StrataCli.json("""
                {"current": "staging", "clusters": {
                  "prod": ["http://10.0.0.1:8080", "http://10.0.0.2:8080", "https://strata.example.com:443"],
                  "staging": ["http://192.168.1.5:9090"]}}"""));

        StrataCli remove = strata("cluster", "remove", "staging");

        assertThat(remove.out()).isEqualTo("Removed cluster 'staging'. Commands talk to the local cluster of "
                + home.toAbsolutePath().normalize() + " ('strata up') now.\n");
        assertThat(StrataCli.json(strata("cluster", "list", "--json").out()).path("current").asText()).isEqualTo("local");
        assertThat(strata("cluster", "remove", "prod").exitCode()).isZero();
        assertThat(StrataCli.json(strata("cluster", "list", "--json").out()).path("clusters")).hasSize(1);
        assertThat(home.toFile().list()).containsExactly("clusters.json");
    }

    @Test
    void listShowsTheLocalClusterWhileItRuns() {
        local.servesHome(home);

        assertThat(strata("cluster", "list").out()).isEqualTo("CURRENT  NAME   URLS\n*        local  " + local.url() + "\n");
    }

    @Test
    void precedenceIsClusterOptionThenStrataApiThenCurrentThenLocal() {
        local.servesHome(home);
        strata("cluster", "add", "cur", current.url().toString());
        strata("cluster", "add", "other", named.url().toString());
        Map<String, String> env = Map.of("STRATA_API", fromEnv.url().toString());

        assertThat(StrataCli.run(home, env, "--cluster", "other", "task", "list").exitCode()).isZero();
        assertThat(StrataCli.run(home, env, "task", "list", "--cluster", "other").exitCode()).isZero();
        assertThat(named.requests()).hasSize(2);

        StrataCli.run(home, env, "task", "list");
        assertThat(fromEnv.requests()).hasSize(1);

        strata("task", "list");
        assertThat(current.requests()).hasSize(1);

        StrataCli list = StrataCli.run(home, env, "cluster", "list");
        assertThat(list.err()).isEqualTo("STRATA_API is set: commands talk to " + fromEnv.url()
                + ", not to the current cluster.\n");
        assertThat(StrataCli.run(home, env, "--cluster", "other", "cluster", "list").err())
                .isEqualTo("--cluster other overrides the current cluster for this command.\n");

        StrataCli.run(home, env, "--cluster", "local", "task", "list");
        strata("cluster", "use", "local");
        strata("task", "list");
        assertThat(local.requests()).hasSize(2);
        assertThat(named.requests()).hasSize(2);
        assertThat(fromEnv.requests()).hasSize(1);
        assertThat(current.requests()).hasSize(1);
    }

    @Test
    void helpStatesThePrecedence() {
        assertThat(strata("--help").out()).contains("""
                Which cluster a command talks to (the first that applies):
                  1. --cluster NAME: a cluster added with 'strata cluster add', or 'local'
                  2. STRATA_API=URL[,URL...]: the API URLs of the cluster's masters
                  3. the current cluster, chosen with 'strata cluster use NAME'
                  4. the local cluster of the home, started with 'strata up'
                Every master serves the API; when one does not answer, strata tries the next.
                """);
        assertThat(strata("task", "list", "--help").out()).contains("--cluster=NAME", "--connect-timeout=SECONDS");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "bad/name http://h:8080      | a cluster name must be letters, digits, '.', '_' or '-', starting with a letter or a digit, at most 63 characters, and not 'local', got 'bad/name'.",
        "local http://h:8080         | the name 'local' is taken by the cluster 'strata up' runs on this machine",
        "prod 10.0.0.1:8080          | URL '10.0.0.1:8080' must start with http:// or https://, e.g. http://10.0.0.1:8080.",
        "prod ftp://h:8080           | URL 'ftp://h:8080' must start with http:// or https://",
        "prod http://10.0.0.1        | URL 'http://10.0.0.1' needs a port from 1 to 65535 (a master serves its API on 8080 unless started with --api-port), e.g. http://10.0.0.1:8080.",
        "prod http://h:70000         | URL 'http://h:70000' needs a port from 1 to 65535",
        "prod http://:8080           | URL 'http://:8080' has no valid host",
        "prod http://h:8080/api/v1   | URL 'http://h:8080/api/v1' must be only scheme, host and port (strata adds the API's paths), e.g. http://h:8080.",
        "prod http://h:8080,         | the list has an empty URL; each must be http:// or https://, a host and a port",
        "prod http://h:8080,http://h:8080 | URL 'http://h:8080' is listed twice",
        "prod http://h<x>:8080       | 'http://h<x>:8080' is not a URL (Illegal character in authority",
    })
    void addNamesTheBadValueAndWhatIsValid(String args, String message) {
        StrataCli add = strata(("cluster add " + args).split(" "));

        assertThat(add.exitCode()).isEqualTo(2);
        assertThat(add.err()).startsWith(message.substring(0, 1).toUpperCase() + message.substring(1))
                .endsWith("Try 'strata cluster add --help'.\n");
        assertThat(home.resolve("clusters.json")).doesNotExist();
    }

    @Test
    void addingANameTwiceSaysHowToReplaceIt() {
        strata("cluster", "add", "prod", A);

        StrataCli again = strata("cluster", "add", "prod", B);

        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).isEqualTo("A cluster named 'prod' is already added (http://10.0.0.1:8080); remove it "
                + "first with 'strata cluster remove prod'. Try 'strata cluster add --help'.\n");
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        StrataCli none = strata("cluster", "use", "prod");
        strata("cluster", "add", "prod", A);
        strata("cluster", "add", "dev", B);

        StrataCli use = strata("cluster", "use", "prdo");
        StrataCli option = strata("--cluster", "prdo", "task", "list");
        StrataCli remove = strata("cluster", "remove", "prdo");

        assertThat(none.err()).isEqualTo("Unknown cluster 'prod'. No cluster is added yet; add one with "
                + "'strata cluster add NAME URL[,URL...]'. Try 'strata cluster use --help'.\n");
        assertThat(use.exitCode()).isEqualTo(2);
        assertThat(use.err()).isEqualTo("Unknown cluster 'prdo'. Known clusters: dev, prod (and 'local', the one "
                + "'strata up' runs). Try 'strata cluster use --help'.\n");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.err()).isEqualTo("Unknown cluster 'prdo' (--cluster prdo). Known clusters: dev, prod "
                + "(and 'local', the one 'strata up' runs).\n");
        assertThat(remove.exitCode()).isEqualTo(2);
        assertThat(remove.err()).startsWith("Unknown cluster 'prdo'. Known clusters: dev, prod");
    }

    @Test
    void aBadStrataApiOrConnectTimeoutIsAUsageErrorNamingIt() {
        StrataCli api = StrataCli.run(home, Map.of("STRATA_API", "http://10.0.0.1:8080,10.0.0.2"), "task", "list");
        StrataCli timeout = strata("--connect-timeout", "0", "--cluster", "x", "task", "list");
        strata("cluster", "add", "prod", A);
        StrataCli envTimeout = StrataCli.run(home, Map.of("STRATA_CONNECT_TIMEOUT", "soon"), "task", "list");

        assertThat(api.exitCode()).isEqualTo(2);
        assertThat(api.err()).isEqualTo("STRATA_API must be URL[,URL...]: URL '10.0.0.2' must start with http:// "
                + "or https://, e.g. http://10.0.0.1:8080.\n");
        assertThat(timeout.exitCode()).isEqualTo(2);
        assertThat(timeout.err()).isEqualTo("--connect-timeout must be a number of seconds greater than 0 "
                + "(at most 3600), got '0'.\n");
        assertThat(envTimeout.err()).isEqualTo("STRATA_CONNECT_TIMEOUT must be a number of seconds greater than 0 "
                + "(at most 3600), got 'soon'.\n");
    }

    @Test
    void aHandEditedFileMayListUrlsAsOneString() throws Exception {
        Files.writeString(home.resolve("clusters.json"),
                "{\"current\": \"prod\", \"clusters\": {\"prod\": \"" + A + ", " + B + "\"}}");

        StrataCli list = strata("cluster", "list", "--json");

        assertThat(StrataCli.json(list.out()).path("clusters").get(1)).isEqualTo(StrataCli.json(
                "{\"name\": \"prod\", \"urls\": [\"" + A + "\", \"" + B + "\"], \"current\": true}"));
    }

    @Test
    void localCannotBeRemovedAndAnUnreadableFileSaysHowToRecover() throws Exception {
        StrataCli removeLocal = strata("cluster", "remove", "local");
        Files.writeString(home.resolve("clusters.json"), "{\"current\":\"gone\",\"clusters\":{}}");
        StrataCli list = strata("cluster", "list");

        assertThat(removeLocal.exitCode()).isEqualTo(2);
        assertThat(removeLocal.err()).startsWith("'local' is the cluster 'strata up' runs on this machine and cannot be "
                + "removed; stop it with 'strata down'.");
        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.err()).isEqualTo("Cannot read " + home.resolve("clusters.json") + " (its current cluster "
                + "'gone' is not among its clusters). Fix it, or delete it and add the clusters again with "
                + "'strata cluster add'.\n");
    }
}
