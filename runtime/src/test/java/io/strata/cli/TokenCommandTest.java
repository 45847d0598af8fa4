package io.strata.cli;

import io.strata.node.StrataNode;
import io.strata.testing.LoopbackCluster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code strata token} and the tokens the CLI sends, against a real node in this JVM (no agents). */
class TokenCommandTest {

    @TempDir
    static Path home;
    @TempDir
    Path elsewhere;
    static StrataNode node;

    @BeforeAll
    static void start() {
        node = LoopbackCluster.start(home, 0, 1.0, 256, 100, "31210-31211", Duration.ofSeconds(1));
        StrataCli.pointAt(home, URI.create(node.apiUrl()));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    static StrataCli strata(String... args) {
        return StrataCli.run(home, args);
    }

    static void assertPlainFailure(StrataCli r, String sentence) {
        assertThat(r.exitCode()).as(r.err()).isNotZero();
        assertThat(r.err()).contains(sentence).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void createUseListAndRevokeAToken() {
        StrataCli created = strata("token", "create", "--name", "ci-bot", "--role", "viewer");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String token = created.out().strip();
        assertThat(token).matches("stk_[0-9a-f]{12}_.{32}");
        assertThat(created.err()).contains("Token 'ci-bot' (role viewer) created with id " + token.substring(4, 16),
                "shown only this once");

        assertThat(strata("--token", token, "task", "list").exitCode()).isZero();
        assertPlainFailure(strata("--token", token, "task", "run", "--cpus", "0.1", "--mem", "16", "--", "true"),
                "Token 'ci-bot' (role viewer) lacks the 'operator' permission (write) needed for POST /api/v1/tasks");

        StrataCli listed = strata("token", "list", "--json");
        assertThat(StrataCli.json(listed.out()).findValuesAsText("name")).contains("bootstrap", "ci-bot");
        assertThat(listed.out()).doesNotContain(token.substring(17));
        assertThat(strata("token", "list").out()).contains("ci-bot", "viewer", "bootstrap", "admin");

        StrataCli revoked = strata("token", "revoke", token.substring(4, 16));
        assertThat(revoked.out()).contains("Revoked token " + token.substring(4, 16) + " ('ci-bot')");
        assertPlainFailure(strata("--token", token, "task", "list"), "This token was revoked.");
        assertPlainFailure(strata("token", "revoke", "ffffffffffff"), "No token with id 'ffffffffffff'");
    }

    @Test
    void theTokenComesFromTheOptionTheEnvironmentTheClusterEntryThenTheHome() {
        String viewer = strata("token", "create", "--name", "env-viewer", "--role", "viewer").out().strip();
        String revoked = strata("token", "create", "--name", "gone", "--role", "viewer").out().strip();
        strata("token", "revoke", revoked.substring(4, 16));

        // STRATA_TOKEN beats credentials.json: a viewer cannot list tokens, the bootstrap admin can.
        assertPlainFailure(StrataCli.run(home, Map.of("STRATA_TOKEN", viewer), "token", "list"), "lacks the 'admin' permission");
        // --token beats STRATA_TOKEN.
        assertThat(StrataCli.run(home, Map.of("STRATA_TOKEN", revoked), "--token", viewer, "task", "list").exitCode()).isZero();

        // Another home knows the cluster by name only: the token stored with it is sent.
        StrataCli added = StrataCli.run(elsewhere, "cluster", "add", "prod", node.apiUrl(), "--token", viewer);
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(StrataCli.run(elsewhere, "task", "list").exitCode()).isZero();
        assertPlainFailure(StrataCli.run(elsewhere, "token", "list"), "lacks the 'admin' permission");
        StrataCli.run(elsewhere, "cluster", "remove", "prod");
        StrataCli.run(elsewhere, "cluster", "add", "prod", node.apiUrl(), "--token", revoked);
        assertPlainFailure(StrataCli.run(elsewhere, "task", "list"), "This token was revoked.");
    }

    @Test
    void withoutAnyTokenTheCliSaysWhatIsNeeded() throws Exception {
        // An entry in the format older versions wrote: a plain list of URLs, no token, and no credentials.json here.
        Files.writeString(elsewhere.resolve("clusters.json"),
                "{\"current\": \"old\", \"clusters\": {\"old\": [\"" + node.apiUrl() + "\"]}}");

        assertPlainFailure(StrataCli.run(elsewhere, "task", "list"),
                "This request needs a token: send 'Authorization: Bearer <token>' (create one with 'strata token create').");
        assertThat(StrataCli.run(elsewhere, Map.of("STRATA_TOKEN", tokenOfHome()), "task", "list").exitCode()).isZero();
    }

    @Test
    void badCreateOptionsAreUsageErrors() {
        assertPlainFailure(strata("token", "create", "--name", "x"), "--role is required: viewer, operator or admin");
        assertPlainFailure(strata("token", "create", "--name", "x", "--role", "root"), "Role 'root' is not one of");
        assertPlainFailure(strata("token", "create", "--name", "x", "--role", "viewer", "--ttl", "forever"), "The ttl 'forever'");
        assertPlainFailure(StrataCli.run(elsewhere, "cluster", "add", "c", node.apiUrl(), "--token", "hunter2"),
                "--token must be a Strata token");
    }

    static String tokenOfHome() {
        return io.strata.testing.StrataApi.credentials(home);
    }
}
