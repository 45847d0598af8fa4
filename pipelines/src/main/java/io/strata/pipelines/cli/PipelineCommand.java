package io.strata.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Json;
import io.strata.cli.spi.Table;
import io.strata.pipelines.spec.PipelineSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "pipeline",
        description = "Run data pipelines: one YAML file brings up Kafka, Cassandra, Spark jobs and sources together.",
        subcommands = {PipelineCommand.Validate.class, PipelineCommand.Start.class, PipelineCommand.Status.class,
                PipelineCommand.ListAll.class, PipelineCommand.Stop.class},
        footer = {"", "Pipeline states: STARTING, RUNNING, DRAINED (the sources have finished and every produced event "
                + "has been processed), STOPPING, STOPPED, FAILED.",
                "Example: strata pipeline start samples/iot-sensors/pipeline.yaml --wait"})
final class PipelineCommand implements Callable<Integer> {

    final CliContext context;

    @Spec
    CommandSpec spec;

    PipelineCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing a pipeline command: validate, start, status, list or stop");
    }

    /** The cluster's client if one is up for this home. */
    Optional<ApiClient> cluster() {
        return context.clusterRunning() ? Optional.of(context.api()) : Optional.empty();
    }

    @Command(name = "validate", description = {"Check a pipeline file: every problem with its line, and, when a "
            + "cluster is up, whether the cluster can ever run it. Starts nothing.", "Exit code 0 if valid, 2 if not."})
    static final class Validate implements Callable<Integer> {
        @ParentCommand
        PipelineCommand pipeline;
        @Parameters(paramLabel = "FILE", description = "The pipeline file (YAML).")
        Path file;

        @Override
        public Integer call() {
            PipelineSpec spec = PipelineFiles.read(file);
            var out = pipeline.context.out();
            Optional<ApiClient> api = pipeline.cluster();
            if (api.isEmpty()) {
                out.println(file + ": pipeline " + spec.name() + " is valid (" + summary(spec)
                        + "). No cluster is up, so whether one can run it was not checked.");
                return 0;
            }
            JsonNode plan = api.get().post("/api/v1/pipelines", PipelineFiles.request(api.get(), spec, true));
            out.println(file + ": pipeline " + spec.name() + " is valid (" + summary(spec) + ") and fits this cluster: "
                    + "it needs " + plan.path("cpus").asText() + " cpus and " + plan.path("memMb").asLong()
                    + " MB at once of " + plan.path("clusterCpus").asText() + " cpus and "
                    + plan.path("clusterMemMb").asLong() + " MB.");
            return 0;
        }
    }

    static String summary(PipelineSpec spec) {
        List<String> parts = new ArrayList<>();
        spec.services().values().forEach(s -> parts.add(s.type().apiName() + " " + s.key()
                + (s.existing() != null ? " (existing " + s.existing() + ")" : "")));
        spec.jobs().values().forEach(j -> parts.add(j.kind().name().toLowerCase() + " job " + j.key()));
        spec.apps().keySet().forEach(a -> parts.add("app " + a));
        spec.sources().values().forEach(s -> parts.add("source " + s.key()));
        return String.join(", ", parts);
    }

    /** ", mqtt at 127.0.0.2:31005" for an endpoint source's address(es); nothing when it has none. */
    static String endpoints(JsonNode endpoints, String what) {
        if (!endpoints.isArray() || endpoints.isEmpty()) {
            return "";
        }
        List<String> at = new ArrayList<>();
        endpoints.forEach(e -> at.add(e.asText()));
        return ", " + what + " at " + String.join(",", at);
    }

    /** An app's healthy instances, endpoints by port, and reason. */
    static String appDetail(JsonNode app) {
        String ports = ports(app);
        return app.path("healthy").asInt() + "/" + app.path("instances").asInt() + " healthy"
                + (ports.isEmpty() ? "" : ", " + ports)
                + (app.path("reason").asText().isBlank() ? "" : ", " + app.path("reason").asText());
    }

    /** "http 127.0.0.2:30101, admin 127.0.0.2:30102": the healthy instances' addresses by port. */
    static String ports(JsonNode app) {
        List<String> ports = new ArrayList<>();
        app.path("endpoints_by_port").fields().forEachRemaining(e -> {
            if (!e.getValue().isEmpty()) {
                ports.add(e.getKey() + " " + String.join(",", java.util.stream.StreamSupport.stream(
                        e.getValue().spliterator(), false).map(JsonNode::asText).toList()));
            }
        });
        return String.join(", ", ports);
    }

    @Command(name = "start", description = "Start a pipeline on the cluster: services in parallel, then topics and "
            + "schema, jobs once their inputs are ready, then sources.")
    static final class Start implements Callable<Integer> {
        @ParentCommand
        PipelineCommand pipeline;
        @Parameters(paramLabel = "FILE", description = "The pipeline file (YAML).")
        Path file;
        @Option(names = "--wait", description = "Show progress until the pipeline is RUNNING (or DRAINED); exit 1 if it FAILS.")
        boolean await;
        @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "20",
                description = "With --wait: give up after this many minutes (default: 20).")
        int timeoutMinutes;

        @Override
        public Integer call() {
            PipelineSpec spec = PipelineFiles.read(file);
            ApiClient api = pipeline.context.api();
            api.post("/api/v1/pipelines", PipelineFiles.request(api, spec, false));
            var out = pipeline.context.out();
            if (!await) {
                out.println("Pipeline " + spec.name() + " is STARTING; follow it with 'strata pipeline status "
                        + spec.name() + "'.");
                return 0;
            }
            JsonNode s = new PipelineProgress(api, out).follow(spec.name(), Set.of("RUNNING", "DRAINED"),
                    Duration.ofMinutes(timeoutMinutes));
            String state = s.path("state").asText();
            if (state.equals("RUNNING") || state.equals("DRAINED")) {
                out.println("Pipeline " + spec.name() + " is " + state + ".");
                return 0;
            }
            throw CliFailure.failure("Pipeline " + spec.name() + " is " + state + ": " + s.path("reason").asText()
                    + ". Stop it with 'strata pipeline stop " + spec.name() + "'.");
        }
    }

    @Command(name = "status", description = "Show a pipeline: state, event counts, services and apps with endpoints, "
            + "jobs, sources (an mqtt or http source with the address devices send to).")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        PipelineCommand pipeline;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--json", description = "Print the API's JSON.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode s = PipelineFiles.status(pipeline.context.api(), name);
            var out = pipeline.context.out();
            if (json) {
                out.println(Json.pretty(s));
                return 0;
            }
            out.println("pipeline " + s.path("name").asText() + ": " + s.path("state").asText() + "  "
                    + s.path("reason").asText());
            out.println("events: produced " + s.path("events_produced").asLong() + ", processed "
                    + s.path("events_processed").asLong() + ", written "
                    + (s.path("events_written").isNull() ? "-" : s.path("events_written").asText())
                    + ", lag " + s.path("lag").asLong());
            Table t = new Table("KIND", "NAME", "STATE", "DETAIL");
            for (JsonNode svc : s.path("services")) {
                t.row(svc.path("type").asText(), svc.path("name").asText(), svc.path("state").asText(),
                        svc.path("type").asText().equals("kafka") ? svc.path("bootstrap").asText("")
                                : svc.path("contactPoints").asText(""));
            }
            for (JsonNode app : s.path("apps")) {
                if (app.path("source").isNull()) {
                    t.row("app", app.path("name").asText(), app.path("state").asText(), appDetail(app));
                }
            }
            for (JsonNode j : s.path("jobs")) {
                t.row(j.path("kind").asText() + " job", j.path("name").asText(), j.path("state").asText(),
                        j.path("executors").asInt() + " executors" + (j.has("lag") ? ", lag " + j.path("lag").asLong() : "")
                                + (j.path("reason").asText().isBlank() ? "" : ", " + j.path("reason").asText()));
            }
            for (JsonNode src : s.path("sources")) {
                t.row("source", src.path("name").asText(), src.path("state").asText(),
                        src.path("topic").asText() + endpoints(src.path("endpoints"), src.path("type").asText())
                                + (src.path("reason").asText().isBlank() ? "" : ", " + src.path("reason").asText()));
            }
            out.print(t.render());
            return 0;
        }
    }

    @Command(name = "list", description = "List pipelines and their states.")
    static final class ListAll implements Callable<Integer> {
        @ParentCommand
        PipelineCommand pipeline;
        @Option(names = "--json", description = "Print the API's JSON.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode all = pipeline.context.api().get("/api/v1/pipelines");
            var out = pipeline.context.out();
            if (json) {
                out.println(Json.pretty(all));
                return 0;
            }
            if (all.isEmpty()) {
                out.println("No pipelines. Start one with 'strata pipeline start FILE'.");
                return 0;
            }
            Table t = new Table("NAME", "STATE", "PRODUCED", "PROCESSED", "LAG", "REASON");
            for (JsonNode p : all) {
                t.row(p.path("name").asText(), p.path("state").asText(), p.path("events_produced").asText(),
                        p.path("events_processed").asText(), p.path("lag").asText(), p.path("reason").asText());
            }
            out.print(t.render());
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop a pipeline in reverse order (sources, jobs, apps, then services) and wait "
            + "until every resource is back.")
    static final class Stop implements Callable<Integer> {
        @ParentCommand
        PipelineCommand pipeline;
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--keep-data", description = "Keep the pipeline's Kafka and Cassandra services running with "
                + "their data (for experiments against them); only jobs and sources stop.")
        boolean keepData;
        @Option(names = "--no-wait", description = "Return at once instead of waiting for STOPPED.")
        boolean noWait;

        @Override
        public Integer call() {
            ApiClient api = pipeline.context.api();
            var body = Json.MAPPER.createObjectNode().put("keepData", keepData);
            api.post(PipelineFiles.path(name) + "/stop", body);
            var out = pipeline.context.out();
            if (noWait) {
                out.println("Pipeline " + name + " is STOPPING.");
                return 0;
            }
            JsonNode s = new PipelineProgress(api, out).follow(name, Set.of("STOPPED"), Duration.ofMinutes(10));
            if (!s.path("state").asText().equals("STOPPED")) {
                throw CliFailure.failure("Pipeline " + name + " did not stop within 10 minutes (" + s.path("state").asText()
                        + ": " + s.path("reason").asText() + ").");
            }
            out.println("Pipeline " + name + " is STOPPED: " + s.path("reason").asText() + ".");
            return 0;
        }
    }
}
