package io.strata.pipelines;

import io.strata.pipelines.Action.KillJob;
import io.strata.pipelines.Action.SparkSubmission;
import io.strata.pipelines.Action.SubmitJob;
import io.strata.pipelines.Observation.DriverSeen;
import io.strata.pipelines.Observation.SubmissionFound;
import io.strata.pipelines.Observation.TaskFound;
import io.strata.pipelines.Observation.TaskGone;
import io.strata.pipelines.Outcome.Done;
import io.strata.pipelines.Outcome.Failed;
import io.strata.pipelines.Outcome.Refused;
import io.strata.pipelines.spec.PipelineSpec.JobKind;
import io.strata.pipelines.spec.PipelineSpec.JobSpec;
import io.strata.pipelines.spec.References;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A Spark job in cluster mode: a streaming job with an {@code input} is submitted as soon as that
 * topic exists and the other services it references are placed (their endpoints known; its sinks
 * wait for them to be ready, so the job's own start-up overlaps theirs); any other job once every
 * service it references is ready (a batch job also after its {@code after:} sources finished);
 * every job also waits for the apps whose endpoints it refers to to be healthy.
 * Ready for input once its driver runs with an executor; ending (other than a batch job
 * finishing) fails the pipeline.
 *
 * <p>A streaming job's checkpoint lives on a persistent volume beside its driver, named after the
 * pipeline and the job ({@link #checkpointVolume}): the dispatcher restarts a driver whose process
 * died on the same agent with the same volume, so the job resumes from its checkpoint. A stop that
 * does not keep data destroys the volume; a stop that keeps data keeps it, and the next run of the
 * pipeline resumes from it.
 */
record SparkJobStage(JobSpec spec) implements Stage {

    /** What {@code ${job.checkpoint}} resolves to: the dispatcher puts the volume's folder there on the agent. */
    static final String CHECKPOINT = "${STRATA_CHECKPOINT}";
    private static final java.util.regex.Pattern NOT_IN_NAME = java.util.regex.Pattern.compile("[^a-z0-9._-]+");

    @Override
    public String key() {
        return spec.key();
    }

    boolean batch() {
        return spec.kind() == JobKind.BATCH;
    }

    /** The services its arguments, settings and input refer to. */
    Set<String> services(Stages all) {
        return services(spec, all.services().keySet());
    }

    /**
     * The keys among {@code serviceKeys} (or app keys) that {@code spec}'s arguments and settings refer to, and
     * its input's Kafka.
     */
    static Set<String> services(JobSpec spec, Set<String> serviceKeys) {
        Set<String> keys = new LinkedHashSet<>();
        Stream.concat(spec.args().stream(), spec.conf().values().stream()).flatMap(v -> References.find(v).stream())
                .map(ref -> ref.indexOf('.') < 0 ? ref : ref.substring(0, ref.indexOf('.')))
                .filter(serviceKeys::contains).forEach(keys::add);
        if (spec.input() != null) {
            keys.add(spec.input().substring(0, spec.input().indexOf('/')));
        }
        return keys;
    }

    /** A streaming job takes input once its driver runs with at least one executor. */
    @Override
    public boolean ready(PipelineRecord r) {
        JobRecord j = r.jobs().get(key());
        return batch() || j.state() == RunState.RUNNING && j.executorsRunning() > 0;
    }

    @Override
    public Optional<Watch.Probe> probe(PipelineRecord r) {
        JobRecord j = r.jobs().get(key());
        return j.submitted() && !j.ended() ? Optional.of(new Watch.DriverProbe(key(), j.submissionId())) : Optional.empty();
    }

    @Override
    public PipelineRecord absorb(PipelineRecord r, Observation seen) {
        JobRecord j = r.jobs().get(key());
        DriverSeen got = seen.drivers().get(key());
        JobRecord next;
        if (got instanceof SubmissionFound f) {
            next = j.seen(f.state(), f.reason(), f.executorsRunning());
        } else if (got instanceof TaskFound t) {
            next = j.seen(t.state(), t.reason(), null);
        } else if (got instanceof TaskGone) {
            next = j.seen(RunState.LOST, "its driver task " + j.submissionId() + " is gone", null);
        } else {
            return r;
        }
        PipelineRecord out = r.with(next);
        boolean fine = batch() && next.state() == RunState.FINISHED;
        if (next.ended() && !fine) {
            out = out.failed("job " + key() + " ended " + next.state() + (next.reason().isBlank() ? "" : ": " + next.reason()));
        }
        return out;
    }

    @Override
    public Decision start(PipelineRecord r, Stages all) {
        JobRecord j = r.jobs().get(key());
        if (j.submitted()) {
            return Decision.none(r);
        }
        List<String> waiting = new ArrayList<>();
        services(all).stream().filter(s -> !canSubmit(all.services().get(s), r)).forEach(waiting::add);
        services(spec, all.apps().keySet()).stream().filter(all.apps()::containsKey)
                .filter(a -> !all.apps().get(a).ready(r)).forEach(waiting::add);
        spec.after().stream().filter(s -> !all.sources().get(s).ready(r)).forEach(waiting::add);
        if (!waiting.isEmpty()) {
            return Decision.none(r.with(j.withReason("waiting for " + String.join(", ", waiting))));
        }
        try {
            return Decision.of(r, new SubmitJob(key(), submission(r)));
        } catch (IllegalArgumentException e) {
            return Decision.none(r.failed("jobs." + key() + ": " + e.getMessage()));
        }
    }

    /** Whether the service no longer holds back the job's submission (see the class comment). */
    private boolean canSubmit(ServiceStage service, PipelineRecord r) {
        boolean input = spec.input() != null && spec.input().startsWith(service.key() + "/");
        return batch() || spec.input() == null || input ? service.ready(r) : service.placed(r);
    }

    /** The submission with every reference resolved; IllegalArgumentException when one cannot be. */
    SparkSubmission submission(PipelineRecord r) {
        Map<String, String> values = r.referenceValues();
        values.put("job.name", key());
        values.put("job.group", r.group(key()));
        if (!batch()) {
            values.put("job.checkpoint", CHECKPOINT);
        }
        Map<String, String> conf = new LinkedHashMap<>();
        if (spec.minExecutors() == spec.maxExecutors()) {
            conf.put("spark.executor.instances", Integer.toString(spec.minExecutors()));
        } else {
            conf.put("spark.dynamicAllocation.enabled", "true");
            conf.put("spark.dynamicAllocation.minExecutors", Integer.toString(spec.minExecutors()));
            conf.put("spark.dynamicAllocation.initialExecutors", Integer.toString(spec.minExecutors()));
            conf.put("spark.dynamicAllocation.maxExecutors", Integer.toString(spec.maxExecutors()));
            conf.put("spark.dynamicAllocation.shuffleTracking.enabled", "true");
        }
        if (spec.executorCores() != null) {
            conf.put("spark.executor.cores", spec.executorCores().toString());
        }
        if (spec.executorMemoryMb() != null) {
            conf.put("spark.executor.memory", spec.executorMemoryMb() + "m");
        }
        spec.conf().forEach((k, v) -> conf.put(k, References.resolve(v, values)));
        double driverCpus = Double.parseDouble(conf.getOrDefault("spark.strata.driver.cpus",
                conf.getOrDefault("spark.driver.cores", "1")));
        List<String> args = spec.args().stream().map(a -> References.resolve(a, values)).toList();
        return new SparkSubmission(r.name() + "-" + key(), spec.mainClass(), r.jars().get(key()),
                Path.of(spec.jar()).getFileName().toString(), spec.driverMemoryMb(), driverCpus, args, conf,
                batch() ? null : checkpointVolume(r.name()),
                batch() ? 0 : spec.checkpointMb() > 0 ? spec.checkpointMb() : JobSpec.DEFAULT_CHECKPOINT_MB);
    }

    /** The name of a streaming job's checkpoint volume: the same for every run of the pipeline, so a kept one is found. */
    String checkpointVolume(String pipeline) {
        String name = NOT_IN_NAME.matcher((pipeline + "-" + key()).toLowerCase(java.util.Locale.ROOT)).replaceAll("-")
                .replaceAll("^[._-]+", "");
        return name.length() > 60 ? name.substring(0, 60) : name;
    }

    @Override
    public boolean stopped(PipelineRecord r) {
        JobRecord j = r.jobs().get(key());
        return !j.submitted() || j.ended();
    }

    @Override
    public Decision stop(PipelineRecord r, Observation seen) {
        return stopped(r) ? Decision.none(r) : Decision.of(r, new KillJob(key(), r.jobs().get(key()).submissionId(),
                r.stopRequested() && !r.keepData()));
    }

    @Override
    public PipelineRecord apply(PipelineRecord r, Outcome outcome, long now) {
        JobRecord j = r.jobs().get(key());
        if (!(outcome.action() instanceof SubmitJob)) {
            return r;
        }
        if (outcome instanceof Done d) {
            return r.with(j.submittedAs(d.id(), now));
        }
        if (outcome instanceof Refused x) {
            return r.failed("jobs." + key() + ": the cluster refused the Spark job: " + x.error());
        }
        if (outcome instanceof Failed x) {
            return r.with(j.withReason(x.error()));
        }
        return r;
    }
}
