package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLifecycleTest {

    @TempDir
    Path home;

    @Test
    void upIsIdempotentWhenTheRecordedClusterAnswers() {
        try (FakeStrataApi api = new FakeStrataApi()) {
            api.servesHome(home).onJson("GET", "/api/v1/agents", 200, "[" + SampleJson.AGENT_1 + "]");

            StrataCli run = StrataCli.run(home, "up", "--agents", "2");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("Strata is already up at " + api.url() + " (home " + home + ")\n");
        }
    }

    @Test
    void upFailsWhenTheRecordedProcessRunsButItsApiDoesNotAnswer() {
        try (FakeStrataApi api = new FakeStrataApi()) {
            api.servesHome(home).onJson("GET", "/api/v1/agents", 503, "{\"error\":\"starting\"}");

            StrataCli run = StrataCli.run(home, "up");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).startsWith("Strata process " + ProcessHandle.current().pid() + " serves home " + home)
                    .endsWith("or stop it with 'strata down'.\n");
        }
    }

    @Test
    void downWithNothingRunningSaysSo() {
        StrataCli run = StrataCli.run(home, "down");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("No Strata cluster is running (home " + home + ")\n");
    }

    @Test
    void downRemovesTheFileOfAProcessThatIsGone() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        new ClusterFile(gone.pid(), URI.create("http://127.0.0.1:1"), Instant.now()).write(home);

        StrataCli run = StrataCli.run(home, "down");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("No Strata cluster is running (home " + home + ")\n");
        assertThat(ClusterFile.path(home)).doesNotExist();
    }

    @Test
    void downStopsTheRecordedProcessAndForgetsIt() throws Exception {
        Process daemon = new ProcessBuilder("sleep", "600").start();
        new ClusterFile(daemon.pid(), URI.create("http://127.0.0.1:1"), Instant.now()).write(home);

        try {
            StrataCli run = StrataCli.run(home, "down");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("Strata is down\n");
            assertThat(daemon.isAlive()).isFalse();
            assertThat(ClusterFile.path(home)).doesNotExist();
        } finally {
            daemon.destroyForcibly();
        }
    }

    @Test
    void downLeavesNoProcessOfTheClusterBehind() throws Exception {
        Process daemon = new ProcessBuilder("sh", "-c", "sleep 600 & sleep 600").start();
        while (daemon.descendants().count() < 2) {
            Thread.onSpinWait();
        }
        var tasks = daemon.descendants().toList();
        new ClusterFile(daemon.pid(), URI.create("http://127.0.0.1:1"), Instant.now()).write(home);

        try {
            StrataCli run = StrataCli.run(home, "down");

            assertThat(run.exitCode()).isZero();
            assertThat(daemon.isAlive()).isFalse();
            for (ProcessHandle task : tasks) {
                assertThat(task.onExit()).succeedsWithin(Duration.ofSeconds(5));
            }
        } finally {
            tasks.forEach(ProcessHandle::destroyForcibly);
            daemon.destroyForcibly();
        }
    }

    @Test
    void clusterFileRoundTrips() throws IOException {
        ClusterFile written = new ClusterFile(42, URI.create("http://127.0.0.1:8080"),
                Instant.parse("2025-01-01T00:00:00Z"));

        written.write(home);

        assertThat(ClusterFile.read(home)).contains(written);
        assertThat(Files.readString(ClusterFile.path(home))).contains("\"api\" : \"http://127.0.0.1:8080\"");
        try (var files = Files.list(home)) {
            assertThat(files).containsExactly(ClusterFile.path(home));
        }
    }

    @Test
    void anUnreadableClusterFileIsAFailureSayingWhatToDo() throws IOException {
        Files.writeString(ClusterFile.path(home), "{not json");

        StrataCli run = StrataCli.run(home, "status");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("Cannot read " + ClusterFile.path(home))
                .endsWith("Delete it if no Strata cluster is running.\n");
    }
}
