package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Table;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "up",
        description = {"Start a cluster on this machine in the background: a master and N agents.",
            "Returns once the API answers; does nothing if the cluster is already up."})
final class UpCommand implements Callable<Integer> {

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(2);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int LOG_TAIL_LINES = 20;

    private record Started(ClusterFile cluster, JsonNode agents) {
    }

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Mixin
    LocalClusterOptions localCluster;

    @Override
    public Integer call() throws IOException {
        localCluster.validate(spec);
        Path home = strata.home();
        if (alreadyUp(home)) {
            return 0;
        }
        Path log = home.resolve("logs").resolve("daemon.log");
        Process daemon = spawnDaemon(home, log);
        Started started = awaitAgents(daemon, home, log);
        strata.out.println("Strata is up at " + started.cluster().api() + " (home " + home + ")");
        for (JsonNode agent : started.agents()) {
            JsonNode total = agent.path("total");
            strata.out.println("  " + Table.cell(agent.path("id")) + "  " + Table.cell(agent.path("host")) + "  "
                    + Table.cell(total.path("cpus")) + " cpus, " + Table.cell(total.path("memMb")) + " MB memory, "
                    + Table.cell(total.path("diskMb")) + " MB disk, ports " + Table.cell(total.path("ports")));
        }
        strata.out.println("Logs are in " + log.getParent() + ". Run a task with "
                + "'strata task run --cpus 0.5 --mem 64 -- echo hello'; stop the cluster with 'strata down'.");
        return 0;
    }

    /** True if this home's cluster answers; a file left by a dead process is removed. */
    private boolean alreadyUp(Path home) {
        Optional<ClusterFile> existing = ClusterFile.read(home);
        if (existing.isEmpty()) {
            return false;
        }
        ClusterFile cluster = existing.get();
        if (cluster.process().isEmpty()) {
            ClusterFile.delete(home);
            return false;
        }
        try {
            new ApiClient(cluster.api(), home, POLL_TIMEOUT).get("/api/v1/agents");
        } catch (CliFailure e) {
            throw CliFailure.failure("Strata process " + cluster.pid() + " serves home " + home + " but its API at "
                    + cluster.api() + " does not answer. See " + home.resolve("logs") + ", or stop it with 'strata down'.");
        }
        strata.out.println("Strata is already up at " + cluster.api() + " (home " + home + ")");
        return true;
    }

    private Process spawnDaemon(Path home, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        if (Files.exists(log)) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder builder = new ProcessBuilder(daemonCommand(home))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process daemon = builder.start();
        daemon.getOutputStream().close();
        return daemon;
    }

    /**
     * The same java and classpath as this process, in a session of its own (setsid, where there is
     * one) so that a Ctrl-C or a closed terminal does not reach the daemon.
     */
    private List<String> daemonCommand(Path home) {
        List<String> command = new ArrayList<>();
        findSetsid().ifPresent(command::add);
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String javaOpts = strata.env.getOrDefault("STRATA_JAVA_OPTS", "").strip();
        if (!javaOpts.isEmpty()) {
            command.addAll(List.of(javaOpts.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--home", home.toString()));
        if (strata.debug) {
            command.add("--debug");
        }
        command.add("daemon");
        command.addAll(localCluster.toArgs());
        return command;
    }

    private static Optional<String> findSetsid() {
        return List.of("/usr/bin/setsid", "/bin/setsid").stream()
                .filter(path -> new File(path).canExecute())
                .findFirst();
    }

    /** Polls the daemon's API until it lists every agent; a daemon that dies or hangs is reported with its log. */
    private Started awaitAgents(Process daemon, Path home, Path log) {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        int seen = 0;
        while (true) {
            if (!daemon.isAlive()) {
                ClusterFile.deleteIfOwnedBy(home, daemon.pid());
                throw CliFailure.failure("The Strata daemon exited with code " + daemon.exitValue()
                        + " before its API answered. Last lines of " + log + ":\n" + tail(log));
            }
            Optional<ClusterFile> cluster = ClusterFile.read(home).filter(c -> c.pid() == daemon.pid());
            if (cluster.isPresent()) {
                try {
                    JsonNode list = new ApiClient(cluster.get().api(), home, POLL_TIMEOUT).get("/api/v1/agents");
                    seen = activeAgents(list);
                    if (seen >= localCluster.agents) {
                        return new Started(cluster.get(), list);
                    }
                } catch (CliFailure notYet) {
                    // the API is still starting
                }
            }
            if (System.nanoTime() > deadline) {
                ProcessStopper.stop(daemon.toHandle(), Duration.ofSeconds(10));
                ClusterFile.deleteIfOwnedBy(home, daemon.pid());
                throw CliFailure.failure("The Strata daemon did not come up within " + START_DEADLINE.toSeconds()
                        + " s (" + seen + " of " + localCluster.agents + " agents registered) and was stopped. "
                        + "Last lines of " + log + ":\n" + tail(log));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static int activeAgents(JsonNode agents) {
        int active = 0;
        for (JsonNode agent : agents) {
            if (agent.path("active").asBoolean(true)) {
                active++;
            }
        }
        return active;
    }

    static String tail(Path log) {
        try {
            List<String> lines = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\\R"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }
}
