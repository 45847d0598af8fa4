package io.strata.pipelines;

import io.strata.pipelines.spec.PipelineSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A pipeline's stages in file order: services, then jobs, then sources. */
record Stages(Map<String, ServiceStage> services, Map<String, SparkJobStage> jobs, Map<String, SourceStage> sources) {

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
        Map<String, SourceStage> sources = new LinkedHashMap<>();
        spec.sources().values().forEach(s -> sources.put(s.key(), new SourceStage(s, settings)));
        return new Stages(Collections.unmodifiableMap(services), Collections.unmodifiableMap(jobs),
                Collections.unmodifiableMap(sources));
    }

    List<Stage> all() {
        List<Stage> all = new ArrayList<>(services.values());
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

    /** The stage a service, job or source action is for. */
    Stage owner(Action a) {
        if (a instanceof Action.SubmitJob || a instanceof Action.KillJob) {
            return jobs.get(a.key());
        }
        if (a instanceof Action.StartSource || a instanceof Action.KillSource) {
            return sources.get(a.key());
        }
        return services.get(a.key());
    }
}
