package io.strata.pipelines;

import io.strata.pipelines.Observation.DriverSeen;
import io.strata.pipelines.Observation.ServiceSeen;
import io.strata.pipelines.Observation.TaskSeen;
import io.strata.pipelines.spec.PipelineFile;
import io.strata.pipelines.spec.PipelineFileException;
import io.strata.pipelines.spec.PipelineSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Drives the planner one step at a time the way the actor does — watch, read, plan, act, decide on
 * the outcomes until no action is left — with a fake clock, a given observation and a cluster
 * that answers actions as the test says (by default: every action done). Records every action.
 */
final class PlannerHarness {

    /** A sensor simulator writing 100 events to kafka's readings. */
    static final String SENSORS = """
            sources:
              sensors:
                type: sensor-simulator
                topic: readings
                sensors: 2
                events: 100
            """;

    /** Two services, a streaming job reading the source's topic, a batch job after the source. */
    static final String DEMO = """
            name: demo
            services:
              kafka:
                topics: [{name: readings}]
              cassandra:
                schema: "CREATE KEYSPACE k WITH replication = {'class':'SimpleStrategy','replication_factor':1};"
            jobs:
              agg:
                kind: streaming
                class: com.example.Agg
                jar: app.jar
                input: kafka/readings
                args: ["${kafka.bootstrap}", "${cassandra.contactPoints}", "${job.group}", "${job.checkpoint}"]
              summary:
                kind: batch
                class: com.example.Summary
                jar: app.jar
                after: [sensors]
                args: ["${cassandra.contactPoints}"]
            """ + PlannerHarness.SENSORS;

    static final Duration PROVISION_TIMEOUT = Duration.ofMinutes(15);

    final PipelinesSettings settings;
    final PipelinePlanner planner;
    long now = 1_000_000;
    PipelineRun run;
    Watch watch = Watch.NOTHING;
    /** Every action taken, in order. */
    final List<Action> actions = new ArrayList<>();
    /** How the cluster answers an action. */
    Function<Action, Outcome> cluster = PlannerHarness::done;
    private static int ids;

    PlannerHarness(Path dir) {
        this(dir, DEMO);
    }

    PlannerHarness(Path dir, String yaml) {
        settings = settings(dir);
        planner = new PipelinePlanner(settings);
        run = PipelineRun.of(PipelineRecord.of(spec(dir, yaml), Map.of("agg", "sha-agg", "summary", "sha-summary"), now));
    }

    /** The harness, carrying on from a saved record as a restarted orchestrator would. */
    static PlannerHarness resumed(Path dir, PipelineRecord saved) {
        PlannerHarness h = new PlannerHarness(dir);
        h.now = Math.max(h.now, saved.createdAt()) + 60_000;
        h.run = PipelineRun.of(saved);
        return h;
    }

    static PipelinesSettings settings(Path dir) {
        return new PipelinesSettings(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(2),
                Duration.ofSeconds(5), PROVISION_TIMEOUT, 0.25, 384, 160, "datacenter1", dir.resolve("checkpoints"), "java", "cp");
    }

    static PipelineSpec spec(Path dir, String yaml) {
        try {
            Path jar = dir.resolve("app.jar");
            if (!Files.exists(jar)) {
                try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                    out.putNextEntry(new JarEntry("com/example/Agg.class"));
                    out.putNextEntry(new JarEntry("com/example/Summary.class"));
                }
            }
            return PipelineFile.parse(yaml, "demo.yaml", dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PipelineFileException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static Outcome done(Action a) {
        String id = a instanceof Action.SubmitJob ? "driver-" + ++ids
                : a instanceof Action.StartSource s ? s.task().name() + "-" + ++ids : null;
        return new Outcome.Done(a, id);
    }

    PipelineRecord record() {
        return run.record();
    }

    /** One step a second later: what is seen is {@code seen}; returns the actions taken in it. */
    List<Action> step(Seen seen) {
        return step(seen.build());
    }

    /** As the observer would answer: only what the watch asked for is seen. */
    List<Action> step(Observation given) {
        Watch w = ask();
        return decide(asked(given, w), actions -> actions.stream().map(cluster).toList());
    }

    /** One step against a whole (fake) cluster, read and acted on through {@code io}. */
    List<Action> step(PipelineIo io) {
        return decide(io.observe(ask()), io::act);
    }

    private Watch ask() {
        now += 1000;
        PipelinePlanner.Observing o = planner.watch(run, now);
        run = o.run();
        watch = o.watch();
        return watch;
    }

    private List<Action> decide(Observation seen, Function<List<Action>, List<Outcome>> act) {
        List<Action> taken = new ArrayList<>();
        PipelinePlanner.Step s = planner.plan(run, seen, now);
        for (int round = 1; ; round++) {
            run = s.run();
            if (s.actions().isEmpty()) {
                break;
            }
            taken.addAll(s.actions());
            s = planner.afterActions(run, seen, act.apply(s.actions()), round, now);
        }
        actions.addAll(taken);
        return taken;
    }

    private static Observation asked(Observation given, Watch w) {
        Map<String, ServiceSeen> services = new HashMap<>();
        Map<String, DriverSeen> drivers = new HashMap<>();
        Map<String, TaskSeen> tasks = new HashMap<>();
        Map<String, Observation.AppSeen> apps = new HashMap<>();
        for (Watch.Probe p : w.probes()) {
            if (p instanceof Watch.AppProbe && given.apps().containsKey(p.key())) {
                apps.put(p.key(), given.apps().get(p.key()));
            } else if (p instanceof Watch.ServiceProbe && given.services().containsKey(p.key())) {
                services.put(p.key(), given.services().get(p.key()));
            } else if (p instanceof Watch.DriverProbe && given.drivers().containsKey(p.key())) {
                drivers.put(p.key(), given.drivers().get(p.key()));
            } else if (p instanceof Watch.TaskProbe && given.tasks().containsKey(p.key())) {
                tasks.put(p.key(), given.tasks().get(p.key()));
            }
        }
        return new Observation(services, drivers, tasks, w.offsets() == null ? null : given.offsets(),
                w.written() == null ? null : given.written(), w.executors() == null ? null : given.executorsLeft(),
                apps);
    }

    /** Steps until every service, job and source runs: the services, then the streaming job, then the source. */
    void untilRunning() {
        step(seen());
        step(seen().services(ServiceState.RUNNING));
        step(seen().services(ServiceState.RUNNING).driver("agg", RunState.RUNNING, 1));
        if (record().state() != PipelineRecord.State.RUNNING) {
            throw new AssertionError("expected RUNNING: " + PipelineJson.status(record()));
        }
    }

    /** What a running demo pipeline looks like, its source in {@code source}. */
    static Seen running(RunState source) {
        return seen().services(ServiceState.RUNNING).driver("agg", RunState.RUNNING, 1).task("sensors", source);
    }

    void stop(boolean keepData) {
        run = planner.requestStop(run, keepData, now);
    }

    /** The step's actions of one kind. */
    static <A extends Action> List<A> of(List<Action> actions, Class<A> kind) {
        return actions.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static Seen seen() {
        return new Seen();
    }

    /** An observation, built up the way the cluster would answer. */
    static final class Seen {
        private final Map<String, ServiceSeen> services = new HashMap<>();
        private final Map<String, DriverSeen> drivers = new HashMap<>();
        private final Map<String, TaskSeen> tasks = new HashMap<>();
        private Observation.Offsets offsets;
        private Long written;
        private Integer executorsLeft;
        private final Map<String, Observation.AppSeen> apps = new HashMap<>();

        /** An app with {@code healthy} of {@code wanted} instances HEALTHY, each on port {@code port} of 127.0.0.3. */
        Seen app(String key, String state, int wanted, int healthy, String port) {
            List<String> at = new ArrayList<>();
            for (int i = 0; i < healthy; i++) {
                at.add("127.0.0.3:" + (31000 + i));
            }
            apps.put(key, new Observation.AppFound(state, wanted, healthy, healthy < wanted ? "waiting for health"
                    : "", at, Map.of(port, at)));
            return this;
        }

        Seen appMissing(String key) {
            apps.put(key, new Observation.AppMissing());
            return this;
        }

        /** A service in {@code state}, publishing both kinds of endpoint (each stage takes its own). */
        Seen service(String key, ServiceState state) {
            return service(key, state, "");
        }

        Seen service(String key, ServiceState state, String reason) {
            services.put(key, new Observation.ServiceFound(state, reason,
                    Map.of("bootstrap", "127.0.0.1:30000", "contactPoints", "127.0.0.2:30001")));
            return this;
        }

        Seen services(ServiceState state) {
            return service("kafka", state).service("cassandra", state);
        }

        Seen serviceMissing(String key) {
            services.put(key, new Observation.ServiceMissing());
            return this;
        }

        Seen serviceUnreadable(String key, String error) {
            services.put(key, new Observation.ServiceUnreadable(error));
            return this;
        }

        Seen driver(String job, RunState state, int executors) {
            return driver(job, state, executors, "");
        }

        Seen driver(String job, RunState state, int executors, String reason) {
            drivers.put(job, new Observation.SubmissionFound(state, reason, executors));
            return this;
        }

        Seen driverGone(String job) {
            drivers.put(job, new Observation.TaskGone());
            return this;
        }

        Seen task(String source, RunState state) {
            return task(source, state, "");
        }

        Seen task(String source, RunState state, String reason) {
            tasks.put(source, new Observation.TaskFound(state, reason));
            return this;
        }

        Seen offsets(Map<String, Long> ends, Map<String, Long> committed) {
            offsets = new Observation.Offsets(ends, committed);
            return this;
        }

        Seen written(long count) {
            written = count;
            return this;
        }

        Seen executorsLeft(int n) {
            executorsLeft = n;
            return this;
        }

        Observation build() {
            return new Observation(services, drivers, tasks, offsets, written, executorsLeft, apps);
        }
    }
}
