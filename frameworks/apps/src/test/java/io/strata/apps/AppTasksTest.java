package io.strata.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.security.TaskTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppTasksTest {

    private static final String SHA_A = "0a".repeat(32);
    private static final String SHA_B = "0b".repeat(32);
    private static final AppTasks.Fetcher FETCHER = new AppTasks.Fetcher("/opt/java/bin/java",
            "/opt/strata/lib/strata-spark-plugin.jar", "http://127.0.0.1:8080");
    private static final String FETCH = "'/opt/java/bin/java' -cp '/opt/strata/lib/strata-spark-plugin.jar'"
            + " io.strata.spark.plugin.ArtifactFetch 'http://127.0.0.1:8080/api/v1/artifacts/";

    private static io.strata.resources.TaskSpec spec(String file) throws AppFileException {
        AppDefinition def = AppFile.parse("a.yaml", file);
        AppRecord app = AppChanges.create(def, file, "default", 0)
                .withInstances(List.of(AppInstance.pending("web.1234abcd", 1)));
        Offer offer = new Offer(OfferId.of("o1"), FrameworkId.of("strata-apps"), AgentId.of("agent-1"), "127.0.0.1",
                Resources.of(1.0, 1024, 0, PortRanges.range(31000, 31010)), Map.of());
        AppOffers.Placed placed = AppOffers.match(offer, List.of(app), Map.of("web", v -> def), 0).placed().get(0);
        return AppTasks.spec(app, def, app.instances().get(0), placed, offer, FETCHER);
    }

    @Test
    void anInstanceFetchesEachArtifactIntoItsSandboxThenExecsItsArgvQuotedExactly() throws Exception {
        var spec = spec("""
                name: web
                command: [python3, -m, http.server, "${PORT_HTTP}", "it's a $HOME"]
                ports: [{name: http}]
                artifacts:
                  - {sha256: %s, name: web.jar}
                  - {sha256: %s, name: "it's data.bin"}
                """.formatted(SHA_A, SHA_B));
        assertThat(spec.argv()).containsExactly("sh", "-c", "set -e\n"
                + FETCH + SHA_A + "' " + SHA_A + " \"$STRATA_SANDBOX\"/'web.jar'\n"
                + FETCH + SHA_B + "' " + SHA_B + " \"$STRATA_SANDBOX\"/'it'\\''s data.bin'\n"
                + "exec 'python3' '-m' 'http.server' '31000' 'it'\\''s a $HOME'\n");
        assertThat(spec.env()).containsEntry("PORT_HTTP", "31000");
        assertThat(spec.labels()).containsEntry(TaskTokens.GROUP_LABEL, "default");
    }

    @Test
    void aStringCommandStillRunsUnderShAfterTheFetches() throws Exception {
        var spec = spec("name: web\ncommand: 'echo \"$GREETING\" > out'\nartifacts: [{sha256: " + SHA_A
                + ", name: a.txt}]\n");
        assertThat(spec.argv()).containsExactly("sh", "-c", "set -e\n"
                + FETCH + SHA_A + "' " + SHA_A + " \"$STRATA_SANDBOX\"/'a.txt'\n"
                + "exec 'sh' '-c' 'echo \"$GREETING\" > out'\n");
    }

    @Test
    void anAppWithoutArtifactsRunsItsCommandAsBefore() throws Exception {
        assertThat(spec("name: web\ncommand: [python3, -V]\n").argv()).containsExactly("python3", "-V");
        assertThat(spec("name: web\ncommand: 'python3 -V'\n").argv()).containsExactly("sh", "-c", "python3 -V");
    }
}
