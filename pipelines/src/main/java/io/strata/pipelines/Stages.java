package io.strata.pipelines;

import io.strata.pipelines.spec.PipelineSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pipeline's stages in file order: services, then apps (the file's apps, then the mqtt and http
 * sources, which run as apps), then jobs, then the sources that run as tasks.
 */
record Stages(Map<String, ServiceStage> services, Map<String, AppStage> apps, Map<String, SparkJobStage> jobs,
              Map<String, SourceStage> sources) {

    static Stages of(PipelineRecord r, PipelinesSettings settings) {
        PipelineSpec spec = r.spec();
        Map<String, ServiceStage> services = new LinkedHashMap<>();
        for (PipelineSpec.ServiceSpec s : spec.services().values()) {
            String name = r.services().get(s.key()).name();
            services.put(s.key(), switch (s.type()) {
                case KAFKA -> new KafkaServiceStage(s, name);
                case CASSANDRA -> new CassandraServiceStage(s, name, settings.cassandraDatacenter());
            });
        }
        Map<String, SparkJobStage> jobs = new LinkedHashMap<>();
        spec.jobs().values().forEach(j -> jobs.put(j.key(), new SparkJobStage(j)));
        Map<String, AppStage> apps = new LinkedHashMap<>();
        Set<String> keys = new HashSet<>(spec.services().keySet());
        keys.addAll(spec.apps().keySet());
        spec.sources().values().stream().filter(PipelineSpec.SourceSpec::endpoint).forEach(s -> keys.add(s.key()));
        spec.apps().values().forEach(a -> apps.put(a.key(), AppStage.of(a, keys)));
        Map<String, SourceStage> sources = new LinkedHashMap<>();
        for (PipelineSpec.SourceSpec s : spec.sources().values()) {
            if (s.endpoint()) {
                apps.put(s.key(), SourceApps.stage(s, settings));
            } else {
                sources.put(s.key(), new SourceStage(s, settings));
            }
        }
        return new Stages(Collections.unmodifiableMap(services), Collections.unmodifiableMap(apps),
                Collections.unmodifiableMap(jobs), Collections.unmodifiableMap(sources));
    }

    List<Stage> all() {
        List<Stage> all = new ArrayList<>(services.values());
        all.addAll(apps.values());
        all.addAll(jobs.values());
        all.addAll(sources.values());
        return all;
    }

    /** Sources first, then jobs: what a stop takes down before it looks at executors and services. */
    List<Stage> producersAndJobs() {
        List<Stage> out = new ArrayList<>(sources.values());
        out.addAll(jobs.values());
        return out;
    }

    /** The stage a service, app, job or source action is for. */
    Stage owner(Action a) {
        if (a instanceof Action.CreateApp || a instanceof Action.DeleteApp) {
            return apps.get(a.key());
        }
        if (a instanceof Action.SubmitJob || a instanceof Action.KillJob) {
            return jobs.get(a.key());
        }
        if (a instanceof Action.StartSource || a instanceof Action.KillSource) {
            return sources.get(a.key());
        }
        return services.get(a.key());
    }
}
