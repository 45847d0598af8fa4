package io.strata.pipelines;

import io.strata.pipelines.Action.CreateApp;
import io.strata.pipelines.Action.DeleteApp;
import io.strata.pipelines.Observation.AppFound;
import io.strata.pipelines.Observation.AppMissing;
import io.strata.pipelines.Observation.AppSeen;
import io.strata.pipelines.Observation.AppUnreadable;
import io.strata.pipelines.Outcome.Done;
import io.strata.pipelines.Outcome.Failed;
import io.strata.pipelines.Outcome.Refused;
import io.strata.pipelines.PipelineRecord.State;
import io.strata.pipelines.spec.PipelineSpec.AppSpec;
import io.strata.pipelines.spec.References;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An app the pipeline runs through the apps API: an entry of the file's {@code apps}, or an mqtt or
 * http source ({@link SourceApps}). Created once the services and apps its texts refer to are ready
 * (an app's own references such as {@code ${PORT_HTTP}} have no dot and are left to it) and the
 * streaming jobs it may write to run with their executors ({@link Stages#streamingJobsBefore}); ready for
 * what refers to its endpoints once every instance is HEALTHY. An app that disappears under a
 * running pipeline fails it. Stop deletes it, after the sources and jobs and before the services
 * (see {@link PipelinePlanner}).
 *
 * @param template its definition as written, references unresolved
 * @param needs    the keys of the services and apps it waits for
 * @param input    for a source: the topic it writes to ("kafka/readings"), else null
 */
record AppStage(String key, Map<String, Object> template, Set<String> needs, String input) implements Stage {

    static AppStage of(AppSpec spec, Set<String> keys) {
        Set<String> needs = new LinkedHashSet<>();
        texts(spec.definition(), t -> References.find(t).stream().filter(n -> n.indexOf('.') > 0)
                .map(n -> n.substring(0, n.indexOf('.'))).filter(keys::contains).forEach(needs::add));
        return new AppStage(spec.key(), spec.definition(), needs, null);
    }

    boolean source() {
        return input != null;
    }

    /** Where problems and reasons place it: "apps.web", "sources.gateway". */
    String field() {
        return (source() ? "sources." : "apps.") + key;
    }

    AppRecord of(PipelineRecord r) {
        return r.apps().get(key);
    }

    @Override
    public boolean ready(PipelineRecord r) {
        return of(r).ready();
    }

    @Override
    public Optional<Watch.Probe> probe(PipelineRecord r) {
        AppRecord a = of(r);
        return a.created() && !a.deleted() ? Optional.of(new Watch.AppProbe(key, a.name())) : Optional.empty();
    }

    @Override
    public PipelineRecord absorb(PipelineRecord r, Observation seen) {
        AppRecord a = of(r);
        AppSeen got = seen.apps().get(key);
        if (got instanceof AppMissing) {
            if (r.state() == State.STOPPING) {
                return r.with(a.deletedNow());
            }
            return r.with(a.withState(AppRecord.GONE)).failed(field() + ": app " + a.name() + " no longer exists");
        }
        if (got instanceof AppFound f) {
            return r.with(a.seen(f.state(), f.wanted(), f.healthy(), f.reason(), f.endpoints(), f.endpointsByPort()));
        }
        if (got instanceof AppUnreadable u && r.state() != State.STOPPING) {
            return r.with(a.withReason(u.error()));
        }
        return r;
    }

    @Override
    public Decision start(PipelineRecord r, Stages all) {
        AppRecord a = of(r);
        if (a.created()) {
            return Decision.none(r);
        }
        List<String> waiting = new ArrayList<>();
        for (String need : needs) {
            Stage s = all.services().containsKey(need) ? all.services().get(need) : all.apps().get(need);
            if (s != null && !s.ready(r)) {
                waiting.add(need);
            }
        }
        if (!waiting.isEmpty()) {
            return Decision.none(r.with(a.withReason("waiting for " + String.join(", ", waiting))));
        }
        List<SparkJobStage> jobs = all.streamingJobsBefore(this, r);
        if (!jobs.isEmpty()) {
            return Decision.none(r.with(a.withReason(Stages.waitingFor(jobs))));
        }
        try {
            return Decision.of(r, new CreateApp(key, a.name(), definition(r)));
        } catch (IllegalArgumentException e) {
            return Decision.none(r.failed(field() + ": " + e.getMessage()));
        }
    }

    /** The definition with every pipeline reference resolved; IllegalArgumentException when one cannot be. */
    @SuppressWarnings("unchecked")
    Map<String, Object> definition(PipelineRecord r) {
        Map<String, String> values = r.referenceValues();
        return (Map<String, Object>) resolved(template, values);
    }

    private static Object resolved(Object value, Map<String, String> values) {
        if (value instanceof String s) {
            Map<String, String> own = new LinkedHashMap<>(values);
            References.find(s).stream().filter(n -> n.indexOf('.') < 0).forEach(n -> own.put(n, "${" + n + "}"));
            return References.resolve(s, own);
        }
        if (value instanceof List<?> l) {
            return l.stream().map(v -> resolved(v, values)).toList();
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k.toString(), resolved(v, values)));
            return out;
        }
        return value;
    }

    private static void texts(Object value, java.util.function.Consumer<String> each) {
        if (value instanceof String s) {
            each.accept(s);
        } else if (value instanceof List<?> l) {
            l.forEach(v -> texts(v, each));
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(v -> texts(v, each));
        }
    }

    @Override
    public boolean stopped(PipelineRecord r) {
        AppRecord a = of(r);
        return !a.created() || a.deleted();
    }

    /** Deletes it once the apps API answered this step (and is not deleting it already). */
    @Override
    public Decision stop(PipelineRecord r, Observation seen) {
        AppRecord a = of(r);
        if (stopped(r) || seen.apps().get(key) == null || AppRecord.DELETING.equals(a.state())) {
            return Decision.none(r);
        }
        return Decision.of(r, new DeleteApp(key, a.name()));
    }

    @Override
    public PipelineRecord apply(PipelineRecord r, Outcome outcome, long now) {
        AppRecord a = of(r);
        if (!(outcome.action() instanceof CreateApp)) {
            return r;
        }
        if (outcome instanceof Done) {
            return r.with(a.createdNow());
        }
        if (outcome instanceof Refused x) {
            return r.failed(field() + ": the cluster refused app " + a.name() + ": " + x.error());
        }
        if (outcome instanceof Failed x) {
            return r.with(a.withReason(x.error()));
        }
        return r;
    }
}
