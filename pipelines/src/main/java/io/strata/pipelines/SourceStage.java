package io.strata.pipelines;

import io.strata.pipelines.Action.KillSource;
import io.strata.pipelines.Action.SourceTask;
import io.strata.pipelines.Action.StartSource;
import io.strata.pipelines.Observation.TaskFound;
import io.strata.pipelines.Observation.TaskGone;
import io.strata.pipelines.Observation.TaskSeen;
import io.strata.pipelines.Outcome.Done;
import io.strata.pipelines.Outcome.Failed;
import io.strata.pipelines.Outcome.Refused;
import io.strata.pipelines.spec.PipelineSpec.SourceSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A finite source as an ad-hoc task: the built-in sensor simulator, started once its topic exists
 * (its Kafka service ready), or simulated MQTT devices, started once their mqtt source's every
 * instance is healthy; either only once the streaming jobs reading the topic run with their
 * executors ({@link Stages#streamingJobsNotReady}: started earlier, it could take the room an
 * executor needs on its driver's agent). Ending other than FINISHED fails the pipeline.
 */
record SourceStage(SourceSpec spec, PipelinesSettings settings) implements Stage {

    static final String SIMULATOR_MAIN = "io.strata.pipelines.sources.SensorSimulator";

    @Override
    public String key() {
        return spec.key();
    }

    /** Simulated MQTT devices publishing to the pipeline's mqtt source (which writes their messages to its topic). */
    boolean devices() {
        return SourceSpec.MQTT_DEVICES.equals(spec.type());
    }

    /** The topic it writes to, as jobs name their input: "kafka/readings" (for devices: their broker's). */
    String input() {
        return spec.kafka() + "/" + spec.topic();
    }

    /** Finished: batch jobs that wait for it may start. */
    @Override
    public boolean ready(PipelineRecord r) {
        return r.sources().get(key()).state() == RunState.FINISHED;
    }

    @Override
    public Optional<Watch.Probe> probe(PipelineRecord r) {
        SourceRecord s = r.sources().get(key());
        return s.started() && !s.ended() ? Optional.of(new Watch.TaskProbe(key(), s.taskId())) : Optional.empty();
    }

    @Override
    public PipelineRecord absorb(PipelineRecord r, Observation seen) {
        SourceRecord s = r.sources().get(key());
        TaskSeen got = seen.tasks().get(key());
        SourceRecord next;
        if (got instanceof TaskFound t) {
            next = s.seen(t.state(), t.reason());
        } else if (got instanceof TaskGone) {
            next = s.seen(RunState.LOST, "its task " + s.taskId() + " is gone");
        } else {
            return r;
        }
        PipelineRecord out = r.with(next);
        if (next.ended() && next.state() != RunState.FINISHED) {
            out = out.failed("source " + key() + " ended " + next.state() + (next.reason().isBlank() ? "" : ": " + next.reason()));
        }
        return out;
    }

    @Override
    public Decision start(PipelineRecord r, Stages all) {
        SourceRecord s = r.sources().get(key());
        if (s.started()) {
            return Decision.none(r);
        }
        String before = devices() ? spec.mqtt() : spec.kafka();
        Stage needed = devices() ? all.apps().get(before) : all.services().get(before);
        if (!needed.ready(r)) {
            return Decision.none(r.with(s.withReason("waiting for " + before)));
        }
        List<SparkJobStage> jobs = all.streamingJobsNotReady(input(), r);
        if (!jobs.isEmpty()) {
            return Decision.none(r.with(s.withReason(Stages.waitingFor(jobs))));
        }
        return Decision.of(r, new StartSource(key(), new SourceTask(r.name() + "-" + key(), settings.sourceCpus(),
                settings.sourceMemMb(), command(r))));
    }

    List<String> command(PipelineRecord r) {
        if (devices()) {
            return SourceApps.devicesCommand(spec, settings, r.apps().get(spec.mqtt()).endpoints().get(0));
        }
        List<String> c = new ArrayList<>(settings.javaCommand(SIMULATOR_MAIN));
        c.addAll(List.of("--bootstrap", r.services().get(spec.kafka()).endpoints().get("bootstrap"), "--topic",
                spec.topic(), "--sensors", Integer.toString(spec.sensors()), "--seed", Long.toString(spec.seed())));
        if (spec.events() != null) {
            c.addAll(List.of("--events", spec.events().toString()));
        }
        if (spec.rate() != null) {
            c.addAll(List.of("--rate", spec.rate().toString()));
        }
        return c;
    }

    @Override
    public boolean stopped(PipelineRecord r) {
        SourceRecord s = r.sources().get(key());
        return !s.started() || s.ended();
    }

    @Override
    public Decision stop(PipelineRecord r, Observation seen) {
        return stopped(r) ? Decision.none(r) : Decision.of(r, new KillSource(key(), r.sources().get(key()).taskId()));
    }

    @Override
    public PipelineRecord apply(PipelineRecord r, Outcome outcome, long now) {
        SourceRecord s = r.sources().get(key());
        if (!(outcome.action() instanceof StartSource)) {
            return r;
        }
        if (outcome instanceof Done d) {
            return r.with(s.startedAs(d.id(), now));
        }
        if (outcome instanceof Refused x) {
            return r.failed("sources." + key() + ": the cluster refused the source's task: " + x.error());
        }
        if (outcome instanceof Failed x) {
            return r.with(s.withReason(x.error()));
        }
        return r;
    }
}
