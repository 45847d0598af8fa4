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

    /**
     * The streaming jobs reading {@code input} ("kafka/readings") that take no input yet: not RUNNING
     * with an executor. What writes to that topic waits for them, for two reasons: the Spark
     * dispatcher checks the room of a job's executor when it places the driver but does not hold
     * it, so a source placed on the driver's agent before the executor could take that room and
     * keep the executor waiting until the source ends (for ever with an endless source); and a
     * source that runs before the job drains into a topic nothing reads yet. A batch job reading
     * the topic runs after its sources and holds nothing back.
     */
    List<SparkJobStage> streamingJobsNotReady(String input, PipelineRecord r) {
        return streamingJobsNotReady(input::equals, r);
    }

    /**
     * The streaming jobs an app waits for before it is created: for an mqtt or http source, those
     * reading its topic; for an entry of {@code apps}, those reading a topic of a Kafka service it
     * refers to (it may write there, like a Kafka Connect worker). None for an app that a job needs
     * (its endpoints are in a job's arguments, or in those of an app a job needs): it must run first.
     */
    List<SparkJobStage> streamingJobsBefore(AppStage app, PipelineRecord r) {
        if (appsJobsNeed().contains(app.key())) {
            return List.of();
        }
        return app.source() ? streamingJobsNotReady(app.input(), r)
                : streamingJobsNotReady(in -> app.needs().contains(in.substring(0, in.indexOf('/'))), r);
    }

    private List<SparkJobStage> streamingJobsNotReady(java.util.function.Predicate<String> reads, PipelineRecord r) {
        return jobs.values().stream().filter(j -> !j.batch() && j.spec().input() != null)
                .filter(j -> reads.test(j.spec().input()) && !j.ready(r)).toList();
    }

    /** The apps some job refers to, and the apps those refer to, transitively. */
    private Set<String> appsJobsNeed() {
        Set<String> needed = new HashSet<>();
        List<String> next = new ArrayList<>();
        jobs.values().forEach(j -> next.addAll(SparkJobStage.services(j.spec(), apps.keySet())));
        while (!next.isEmpty()) {
            String key = next.remove(next.size() - 1);
            if (apps.containsKey(key) && needed.add(key)) {
                next.addAll(apps.get(key).needs());
            }
        }
        return needed;
    }

    /** Why something waits for {@code jobs}: "waiting for job agg to run with its executors". */
    static String waitingFor(List<SparkJobStage> jobs) {
        String keys = jobs.stream().map(SparkJobStage::key).collect(java.util.stream.Collectors.joining(", "));
        return jobs.size() == 1 ? "waiting for job " + keys + " to run with its executors"
                : "waiting for jobs " + keys + " to run with their executors";
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
