package io.strata.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Json;
import io.strata.pipelines.spec.PipelineSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "run",
        description = {"Run a pipeline from start to finish: on the chosen cluster (--cluster, STRATA_API or 'strata cluster use'), else start an embedded cluster on this machine if none is up, "
                + "start the pipeline with live progress, wait until it has DRAINED (its sources finished and every "
                + "event was processed), verify its results with the file's checks, print a summary, then stop the "
                + "pipeline and the cluster it started.",
                "Exit code 0 if every check passed, 1 if the pipeline failed or a check did not pass, 2 if the file is invalid."},
        footer = {"", "Example: strata run samples/iot-sensors/pipeline.yaml"})
final class RunCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The pipeline file (YAML).")
    Path file;

    @Option(names = "--json", description = "Print the summary as JSON on stdout (progress goes to stderr).")
    boolean json;

    @Option(names = "--agents", paramLabel = "N", defaultValue = "3",
            description = "Agents of the embedded cluster, if one is started (default: 3).")
    int agents;

    @Option(names = "--cpus", paramLabel = "C",
            description = "CPUs each agent of the embedded cluster offers (default: all of this machine's, an over-commit "
                    + "that lets pipelines sized for real clusters run on one machine).")
    Double cpus;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "30",
            description = "Give up if the pipeline has not drained after this many minutes (default: 30).")
    int timeoutMinutes;

    @Option(names = "--keep-running", description = "Leave the pipeline (and the cluster) running after the checks.")
    boolean keepRunning;

    private PipelineProgress follower;

    RunCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Checks.positive(spec, "--agents", agents);
        Checks.positive(spec, "--timeout", timeoutMinutes);
        Checks.positive(spec, "--cpus", cpus);
        PipelineSpec pipeline = PipelineFiles.read(file);
        PrintStream progress = json ? context.err() : context.out();
        long t0 = System.nanoTime();
        boolean startedCluster = false;
        if (!context.clusterRunning()) {
            progress.println("Starting an embedded cluster (" + agents + " agents) in " + context.home() + " ...");
            double perAgent = cpus != null ? cpus : Runtime.getRuntime().availableProcessors();
            int rc = context.run(progress, "up", "--agents", Integer.toString(agents), "--cpus", Double.toString(perAgent));
            if (rc != 0) {
                throw CliFailure.failure("Could not start an embedded cluster (exit code " + rc + "); see "
                        + context.home().resolve("logs") + ".");
            }
            startedCluster = true;
        }
        double clusterSeconds = seconds(t0);
        ApiClient api = context.api();
        AtomicBoolean created = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        boolean ownsCluster = startedCluster;
        Thread onInterrupt = new Thread(() -> {
            if (!finished.get()) {
                context.err().println("Interrupted: stopping pipeline " + pipeline.name()
                        + (ownsCluster ? " and the embedded cluster" : "") + " ...");
                cleanUp(api, pipeline.name(), created.get(), ownsCluster, context.err());
            }
        }, "strata-run-cleanup");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        ObjectNode summary = Json.MAPPER.createObjectNode();
        boolean passed = false;
        try {
            long t1 = System.nanoTime();
            api.post("/api/v1/pipelines", PipelineFiles.request(api, pipeline, false));
            created.set(true);
            progress.println("Pipeline " + pipeline.name() + " is starting (" + PipelineCommand.summary(pipeline) + ").");
            JsonNode s = follower(api, progress).follow(pipeline.name(), Set.of("DRAINED"),
                    Duration.ofMinutes(timeoutMinutes));
            double drainedSeconds = seconds(t1);
            String state = s.path("state").asText();
            summary.put("pipeline", pipeline.name()).put("state", state).put("reason", s.path("reason").asText());
            summary.put("events_produced", s.path("events_produced").asLong())
                    .put("events_processed", s.path("events_processed").asLong());
            summary.set("events_written", s.path("events_written"));
            summary.set("services", s.path("services"));
            summary.set("jobs", s.path("jobs"));
            summary.set("sources", s.path("sources"));
            summary.set("apps", s.path("apps"));
            ObjectNode timings = summary.putObject("timings_s");
            timings.set("cluster_start", round(clusterSeconds));
            timings.set("running", round(between(s, "created_at", "running_at")));
            timings.set("first_written", round(between(s, "created_at", "first_written_at")));
            timings.set("drained", round(drainedSeconds));
            if (state.equals("DRAINED")) {
                progress.println("Pipeline " + pipeline.name() + " has DRAINED: " + s.path("events_produced").asLong()
                        + " events produced and processed. Checking its results ...");
                JsonNode checks = api.post(PipelineFiles.path(pipeline.name()) + "/verify", Json.MAPPER.createObjectNode());
                summary.set("checks", checks.path("checks"));
                passed = checks.path("passed").asBoolean(false);
            } else {
                summary.putArray("checks");
                summary.put("reason", state.equals("FAILED") ? s.path("reason").asText()
                        : "not drained after " + timeoutMinutes + " minutes (" + state + ": " + s.path("reason").asText() + ")");
            }
            summary.put("passed", passed);
        } finally {
            if (!keepRunning) {
                long t2 = System.nanoTime();
                cleanUp(api, pipeline.name(), created.get(), startedCluster, progress);
                if (summary.has("timings_s")) {
                    ((ObjectNode) summary.get("timings_s")).set("stop", round(seconds(t2)));
                }
            }
            finished.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
        summary.put("stopped", !keepRunning);
        print(summary, progress);
        return passed ? 0 : 1;
    }

    private void print(ObjectNode summary, PrintStream progress) {
        if (json) {
            context.out().println(Json.pretty(summary));
            return;
        }
        PrintStream out = context.out();
        out.println();
        out.println("Pipeline " + summary.path("pipeline").asText() + ": " + summary.path("state").asText()
                + (summary.path("passed").asBoolean() ? ", every check passed" : ", NOT PASSED: " + summary.path("reason").asText()));
        out.println("  events produced " + summary.path("events_produced").asLong() + ", processed "
                + summary.path("events_processed").asLong()
                + (summary.path("events_written").isNumber() ? ", written " + summary.path("events_written").asLong() : ""));
        JsonNode t = summary.path("timings_s");
        out.println("  times: running after " + t.path("running").asText("-") + " s, first result after "
                + t.path("first_written").asText("-") + " s, drained after " + t.path("drained").asText("-") + " s"
                + (t.has("stop") ? ", stopped in " + t.path("stop").asText() + " s" : ""));
        for (JsonNode app : summary.path("apps")) {
            out.println("  " + (app.path("source").isNull() ? "app " : app.path("source").asText() + " source ")
                    + app.path("key").asText() + " (" + app.path("name").asText() + "): "
                    + PipelineCommand.appDetail(app));
        }
        for (JsonNode c : summary.path("checks")) {
            out.println("  " + (c.path("passed").asBoolean() ? "PASS" : "FAIL") + "  " + c.path("name").asText()
                    + (c.path("passed").asBoolean() ? "" : ": " + c.path("problem").asText()));
        }
        if (!summary.path("stopped").asBoolean()) {
            out.println("  still running; stop it with 'strata pipeline stop " + summary.path("pipeline").asText() + "'");
        }
    }

    /** One follower for the whole run, so that stopping prints only what changes. */
    private PipelineProgress follower(ApiClient api, PrintStream progress) {
        if (follower == null) {
            follower = new PipelineProgress(api, progress);
        }
        return follower;
    }

    /** Stops the pipeline (waiting for STOPPED) and the cluster this command started; reports, never throws. */
    private void cleanUp(ApiClient api, String name, boolean pipelineCreated, boolean downCluster, PrintStream progress) {
        if (pipelineCreated) {
            try {
                api.post(PipelineFiles.path(name) + "/stop", Json.MAPPER.createObjectNode().put("keepData", false));
                JsonNode s = follower(api, progress).follow(name, Set.of("STOPPED"), Duration.ofMinutes(10));
                if (!s.path("state").asText().equals("STOPPED")) {
                    context.err().println("Pipeline " + name + " did not stop within 10 minutes (" + s.path("reason").asText() + ").");
                }
            } catch (CliFailure e) {
                context.err().println("Could not stop pipeline " + name + ": " + e.getMessage());
            }
        }
        if (downCluster) {
            context.run(progress, "down");
        }
    }

    private static double between(JsonNode s, String from, String to) {
        if (!s.path(from).isTextual() || !s.path(to).isTextual()) {
            return Double.NaN;
        }
        return (java.time.Instant.parse(s.path(to).asText()).toEpochMilli()
                - java.time.Instant.parse(s.path(from).asText()).toEpochMilli()) / 1000.0;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static JsonNode round(double v) {
        return Double.isNaN(v) ? Json.MAPPER.nullNode() : Json.MAPPER.getNodeFactory().numberNode(Math.round(v * 10) / 10.0);
    }
}
