package io.strata.pipelines;

import io.strata.pipelines.Action.DeleteCheckpoints;
import io.strata.pipelines.Outcome.Done;
import io.strata.pipelines.PipelineRecord.State;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every decision about a pipeline, as pure functions of (run, what the cluster said, now): what to
 * read each step, what the reading means, what to do next, what the outcomes mean, and when the
 * pipeline is RUNNING, DRAINED, FAILED or STOPPED. No threads, no clock, no I/O: the actor calls
 * it, {@link PipelineObserver} reads and {@link ActionRunner} acts.
 *
 * <p>One step: {@link #watch} → observe → {@link #plan} → act → {@link #afterActions} → act → …
 * until no action is left. Outcomes that brought something up let the planner decide again with
 * the same reading (a schema applied lets a job be submitted in the same step), at most
 * {@link #ROUNDS} times a step. The next step starts {@link #pause} after this one ended.
 */
final class PipelinePlanner {

    static final int ROUNDS = 3;

    /** The run (with what it remembers of asking) and what to read. */
    record Observing(PipelineRun run, Watch watch) {
    }

    /** The run after a decision, and what to do now. */
    record Step(PipelineRun run, List<Action> actions) {
        Step {
            actions = List.copyOf(actions);
        }
    }

    private final PipelinesSettings settings;

    PipelinePlanner(PipelinesSettings settings) {
        this.settings = settings;
    }

    Stages stages(PipelineRecord r) {
        return Stages.of(r, settings);
    }

    /** A stop asked for: the next step starts taking the pipeline down. A second request changes nothing. */
    PipelineRun requestStop(PipelineRun run, boolean keepData, long now) {
        PipelineRecord r = run.record();
        return r.stopRequested() || r.ended() ? run : run.with(r.stopAsked(keepData, now));
    }

    /**
     * How long after a step ends the next one starts: the busy step while the pipeline starts or
     * stops (a service deploying, a driver coming up, a process ending: each change is decided on
     * within that pause), the steady step once it runs; empty once it has ended.
     */
    Optional<Duration> pause(PipelineRun run) {
        PipelineRecord r = run.record();
        if (r.ended()) {
            return Optional.empty();
        }
        boolean changing = r.state() == State.STARTING || r.stopRequested();
        return Optional.of(changing ? settings.busyStep() : settings.step());
    }

    /** What to read this step: every stage's probe; offsets and the 'written' count when due; executors while stopping. */
    Observing watch(PipelineRun run, long now) {
        PipelineRecord r = run.record();
        if (r.ended()) {
            return new Observing(run, Watch.NOTHING);
        }
        Stages all = stages(r);
        List<Watch.Probe> probes = all.all().stream().map(s -> s.probe(r)).flatMap(Optional::stream).toList();
        if (r.stopping()) {
            Set<String> submitted = r.jobs().values().stream().filter(JobRecord::submitted)
                    .map(JobRecord::submissionId).collect(Collectors.toCollection(LinkedHashSet::new));
            return new Observing(run, new Watch(probes, null, null,
                    submitted.isEmpty() ? null : new Watch.ExecutorsProbe(submitted)));
        }
        Watch.OffsetsProbe offsets = null;
        if (now - run.offsetsAskedAt() >= settings.progressInterval().toMillis()) {
            run = run.offsetsAskedAt(now);
            offsets = Progress.probe(r, all);
        }
        Watch.WrittenProbe written = null;
        if (r.spec().written() != null && now - run.writtenAskedAt() >= settings.writtenInterval().toMillis()) {
            run = run.writtenAskedAt(now);
            written = Progress.writtenProbe(r, all);
        }
        return new Observing(run, new Watch(probes, offsets, written, null));
    }

    /** What the reading means, then what to do. */
    Step plan(PipelineRun run, Observation seen, long now) {
        PipelineRecord r = run.record();
        if (r.ended()) {
            return new Step(run, List.of());
        }
        if (r.stopRequested() && r.state() != State.STOPPING) {
            r = r.to(State.STOPPING, r.keepData() ? "stopping jobs and sources; keeping the services and their data"
                    : "stopping jobs, sources and services");
        }
        Stages all = stages(r);
        for (Stage stage : all.all()) {
            r = stage.absorb(r, seen);
        }
        run = run.with(r);
        if (r.state() != State.STOPPING) {
            if (seen.offsets() != null) {
                run = Progress.absorb(run, all, seen.offsets());
            }
            if (seen.written() != null) {
                run = run.with(run.record().withWritten(seen.written(), now));
            }
        }
        return decide(run, all, seen, now);
    }

    /** What the outcomes mean; when something came up, what else can start with the same reading. */
    Step afterActions(PipelineRun run, Observation seen, List<Outcome> outcomes, int round, long now) {
        PipelineRecord r = run.record();
        Stages all = stages(r);
        boolean progress = false;
        for (Outcome o : outcomes) {
            if (o.action() instanceof DeleteCheckpoints) {
                r = o instanceof Done ? stopped(r, now) : r;
            } else {
                r = all.owner(o.action()).apply(r, o, now);
            }
            progress |= o instanceof Done && o.action().startsSomething();
        }
        run = run.with(r);
        if (progress && round < ROUNDS && !r.stopRequested()) {
            return decide(run, all, seen, now);
        }
        return new Step(settle(run, all, now), List.of());
    }

    private Step decide(PipelineRun run, Stages all, Observation seen, long now) {
        PipelineRecord r = run.record();
        if (r.state() == State.STOPPING) {
            return stopping(run, all, seen, now);
        }
        List<Action> actions = new ArrayList<>();
        if (r.state() != State.FAILED && !r.stopRequested()) {
            for (Stage stage : all.all()) {
                Stage.Decision d = stage.start(r, all);
                r = d.record();
                actions.addAll(d.actions());
                if (r.state() == State.FAILED) {
                    break;
                }
            }
        }
        run = run.with(r);
        return new Step(actions.isEmpty() ? settle(run, all, now) : run, actions);
    }

    /**
     * Sources and jobs are killed first (the mqtt and http sources' apps deleted with them); the
     * file's apps are deleted once those are all down, in reverse file order (an app once the apps
     * below it are gone), and the services once every app is gone. When the data is not kept, nothing needs the services any
     * more: they are deleted in the same step, and the streaming jobs' checkpoint volumes once the
     * drivers, their executors and the services are gone; then STOPPED. When it is kept, the
     * services stay and the pipeline is STOPPED once the sources, jobs and executors are gone.
     */
    private Step stopping(PipelineRun run, Stages all, Observation seen, long now) {
        PipelineRecord r = run.record();
        List<Action> actions = new ArrayList<>();
        boolean down = true;
        for (Stage stage : all.producersAndJobs()) {
            actions.addAll(stage.stop(r, seen).actions());
            down &= stage.stopped(r);
        }
        boolean producersDown = down;
        boolean appsDown = true;
        List<AppStage> apps = new ArrayList<>(all.apps().values());
        java.util.Collections.reverse(apps);
        for (AppStage app : apps) {
            if (app.source() || producersDown && appsDown) {
                actions.addAll(app.stop(r, seen).actions());
            }
            appsDown &= app.stopped(r);
        }
        down &= appsDown;
        for (ServiceStage stage : all.services().values()) {
            if (appsDown) {
                actions.addAll(stage.stop(r, seen).actions());
            }
            down &= stage.stopped(r);
        }
        boolean anySubmitted = r.jobs().values().stream().anyMatch(JobRecord::submitted);
        boolean executorsLeft = anySubmitted && (seen.executorsLeft() == null || seen.executorsLeft() > 0);
        if (!down || executorsLeft) {
            return new Step(run, actions);
        }
        if (!r.keepData()) {
            List<String> volumes = all.jobs().values().stream().filter(j -> !j.batch())
                    .map(j -> j.checkpointVolume(r.name())).toList();
            return new Step(run, List.of(new DeleteCheckpoints(r.name(), volumes)));
        }
        return new Step(run.with(stopped(r, now)), List.of());
    }

    private static PipelineRecord stopped(PipelineRecord r, long now) {
        return r.stoppedAt(now, r.keepData() ? "stopped; services kept with their data: " + r.services().values().stream()
                .map(s -> s.type() + " " + s.name()).collect(Collectors.joining(", "))
                : "stopped; every resource is back in the cluster");
    }

    /**
     * The end of a step: FAILED when the services and apps are not ready within the provision
     * timeout (naming also the streaming jobs an app still waits for); RUNNING once every service and app is ready and every job and source started; DRAINED (see {@link Progress}).
     */
    private PipelineRun settle(PipelineRun run, Stages all, long now) {
        PipelineRecord r = run.record();
        if (r.state() == State.FAILED || r.stopRequested()) {
            return run;
        }
        boolean servicesReady = all.services().values().stream().allMatch(s -> s.ready(r))
                && all.apps().values().stream().allMatch(a -> a.ready(r));
        if (!servicesReady && now - r.createdAt() > settings.provisionTimeout().toMillis()) {
            List<String> slow = new ArrayList<>();
            all.services().values().stream().filter(s -> !s.ready(r)).map(s -> s.of(r))
                    .forEach(s -> slow.add(s.type() + " " + s.name() + " (" + s.state()
                            + (s.reason().isBlank() ? "" : ": " + s.reason()) + ")"));
            all.apps().values().stream().filter(a -> !a.ready(r)).map(a -> a.of(r))
                    .forEach(a -> slow.add("app " + a.name() + " (" + a.state() + ", " + a.healthy() + " of "
                            + a.wanted() + " healthy" + (a.reason().isBlank() ? "" : ": " + a.reason()) + ")"));
            all.apps().values().stream().filter(a -> !a.ready(r)).flatMap(a -> all.streamingJobsBefore(a, r).stream())
                    .distinct().map(j -> r.jobs().get(j.key())).forEach(j -> slow.add("job " + j.key() + " (" + j.state()
                            + ", " + j.executorsRunning() + " executors" + (j.reason().isBlank() ? "" : ": " + j.reason()) + ")"));
            return run.with(r.failed("services not ready within " + settings.provisionTimeout().toMinutes() + " min: "
                    + String.join(", ", slow)));
        }
        boolean jobsStarted = all.jobs().values().stream().allMatch(j -> {
            JobRecord jr = r.jobs().get(j.key());
            return jr.submitted() ? j.ready(r) || jr.state() == RunState.FINISHED : !j.spec().after().isEmpty();
        });
        boolean sourcesStarted = r.sources().values().stream().allMatch(SourceRecord::started);
        if (r.state() == State.STARTING && servicesReady && jobsStarted && sourcesStarted) {
            run = run.with(r.running(now));
        }
        return run.record().state() == State.RUNNING ? Progress.drain(run, all, now) : run;
    }
}
