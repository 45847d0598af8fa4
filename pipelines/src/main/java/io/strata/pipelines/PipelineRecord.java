package io.strata.pipelines;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.strata.pipelines.spec.PipelineSpec;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the orchestrator knows about one pipeline, saved as JSON after every change so that a
 * restarted orchestrator resumes where it was (services, driver tasks and source tasks outlive it).
 * Immutable: the planner returns a new one for every change. Field names are the saved format.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PipelineRecord(PipelineSpec spec, Map<String, String> jars, State state, String reason, boolean stopRequested,
                      boolean keepData, long createdAt, Long runningAt, Long drainedAt, Long firstWrittenAt,
                      Long stopRequestedAt, Long stoppedAt, long eventsProduced, long eventsProcessed,
                      Long eventsWritten, long lag, Map<String, ServiceRecord> services, Map<String, JobRecord> jobs,
                      Map<String, SourceRecord> sources,
                      @com.fasterxml.jackson.annotation.JsonInclude(
                              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY) Map<String, AppRecord> apps) {

    enum State { STARTING, RUNNING, DRAINED, STOPPING, STOPPED, FAILED }

    PipelineRecord {
        jars = ordered(jars);
        state = state == null ? State.STARTING : state;
        reason = reason == null ? "" : reason;
        services = ordered(services);
        jobs = ordered(jobs);
        sources = ordered(sources);
        apps = ordered(apps);
    }

    /** A new pipeline: one entry per service, app, job and source (mqtt and http sources are apps), nothing started. */
    static PipelineRecord of(PipelineSpec spec, Map<String, String> jars, long now) {
        Map<String, ServiceRecord> services = new LinkedHashMap<>();
        spec.services().values().forEach(s -> services.put(s.key(), ServiceRecord.of(s, spec.name())));
        Map<String, JobRecord> jobs = new LinkedHashMap<>();
        spec.jobs().values().forEach(j -> jobs.put(j.key(), JobRecord.of(j)));
        Map<String, SourceRecord> sources = new LinkedHashMap<>();
        Map<String, AppRecord> apps = new LinkedHashMap<>();
        spec.apps().keySet().forEach(key -> apps.put(key, AppRecord.of(key, spec.name(), false)));
        spec.sources().values().forEach(s -> {
            if (s.endpoint()) {
                apps.put(s.key(), AppRecord.of(s.key(), spec.name(), true));
            } else {
                sources.put(s.key(), SourceRecord.of(s));
            }
        });
        return new PipelineRecord(spec, jars, State.STARTING, "", false, false, now, null, null, null, null, null, 0, 0,
                null, 0, services, jobs, sources, apps);
    }

    String name() {
        return spec.name();
    }

    boolean ended() {
        return state == State.STOPPED;
    }

    /** A stop was asked for and the pipeline is not down yet. */
    boolean stopping() {
        return stopRequested && state != State.STOPPED;
    }

    /** The consumer group a job commits its offsets to ({@code ${job.group}}). */
    String group(String job) {
        return "strata-" + name() + "-" + job;
    }

    /** What references resolve to outside a job: the pipeline's name, the services' and apps' endpoints, events produced. */
    Map<String, String> referenceValues() {
        Map<String, String> v = new HashMap<>();
        v.put("pipeline.name", name());
        services.values().forEach(s -> s.endpoints().forEach((k, value) -> v.put(s.key() + "." + k, value)));
        apps.values().forEach(a -> v.putAll(a.references()));
        v.put("events.produced", Long.toString(eventsProduced));
        return v;
    }

    PipelineRecord to(State s, String why) {
        return new PipelineRecord(spec, jars, s, why, stopRequested, keepData, createdAt, runningAt, drainedAt,
                firstWrittenAt, stopRequestedAt, stoppedAt, eventsProduced, eventsProcessed, eventsWritten, lag, services,
                jobs, sources, apps);
    }

    /** FAILED with its reason; the first failure is the one shown, and a stop in progress is not interrupted. */
    PipelineRecord failed(String why) {
        return state == State.FAILED || state == State.STOPPING || state == State.STOPPED ? this : to(State.FAILED, why);
    }

    PipelineRecord running(long now) {
        return new PipelineRecord(spec, jars, State.RUNNING, "every service, job and source started", stopRequested,
                keepData, createdAt, now, drainedAt, firstWrittenAt, stopRequestedAt, stoppedAt, eventsProduced,
                eventsProcessed, eventsWritten, lag, services, jobs, sources, apps);
    }

    PipelineRecord drained(long now) {
        return new PipelineRecord(spec, jars, State.DRAINED, "the sources have finished and every produced event has "
                + "been processed (" + eventsProduced + " events)", stopRequested, keepData, createdAt, runningAt, now,
                firstWrittenAt, stopRequestedAt, stoppedAt, eventsProduced, eventsProcessed, eventsWritten, lag, services,
                jobs, sources, apps);
    }

    PipelineRecord stopAsked(boolean keep, long now) {
        return new PipelineRecord(spec, jars, state, reason, true, keep, createdAt, runningAt, drainedAt,
                firstWrittenAt, now, stoppedAt, eventsProduced, eventsProcessed, eventsWritten, lag, services, jobs,
                sources, apps);
    }

    PipelineRecord stoppedAt(long now, String why) {
        return new PipelineRecord(spec, jars, State.STOPPED, why, stopRequested, keepData, createdAt, runningAt,
                drainedAt, firstWrittenAt, stopRequestedAt, now, eventsProduced, eventsProcessed, eventsWritten, lag,
                services, jobs, sources, apps);
    }

    PipelineRecord withProgress(long produced, long processed, long behind) {
        return new PipelineRecord(spec, jars, state, reason, stopRequested, keepData, createdAt, runningAt, drainedAt,
                firstWrittenAt, stopRequestedAt, stoppedAt, produced, processed, eventsWritten, behind, services, jobs,
                sources, apps);
    }

    /** The count of the 'written' query; the first positive one marks when events first landed. */
    PipelineRecord withWritten(long written, long now) {
        Long first = firstWrittenAt == null && written > 0 ? Long.valueOf(now) : firstWrittenAt;
        return new PipelineRecord(spec, jars, state, reason, stopRequested, keepData, createdAt, runningAt, drainedAt,
                first, stopRequestedAt, stoppedAt, eventsProduced, eventsProcessed, written, lag, services, jobs,
                sources, apps);
    }

    PipelineRecord with(ServiceRecord s) {
        return new PipelineRecord(spec, jars, state, reason, stopRequested, keepData, createdAt, runningAt, drainedAt,
                firstWrittenAt, stopRequestedAt, stoppedAt, eventsProduced, eventsProcessed, eventsWritten, lag,
                replaced(services, s.key(), s), jobs, sources, apps);
    }

    PipelineRecord with(JobRecord j) {
        return new PipelineRecord(spec, jars, state, reason, stopRequested, keepData, createdAt, runningAt, drainedAt,
                firstWrittenAt, stopRequestedAt, stoppedAt, eventsProduced, eventsProcessed, eventsWritten, lag, services,
                replaced(jobs, j.key(), j), sources, apps);
    }

    PipelineRecord with(AppRecord a) {
        return new PipelineRecord(spec, jars, state, reason, stopRequested, keepData, createdAt, runningAt, drainedAt,
                firstWrittenAt, stopRequestedAt, stoppedAt, eventsProduced, eventsProcessed, eventsWritten, lag, services,
                jobs, sources, replaced(apps, a.key(), a));
    }

    PipelineRecord with(SourceRecord s) {
        return new PipelineRecord(spec, jars, state, reason, stopRequested, keepData, createdAt, runningAt, drainedAt,
                firstWrittenAt, stopRequestedAt, stoppedAt, eventsProduced, eventsProcessed, eventsWritten, lag, services,
                jobs, replaced(sources, s.key(), s), apps);
    }

    private static <V> Map<String, V> replaced(Map<String, V> m, String key, V value) {
        Map<String, V> copy = new LinkedHashMap<>(m);
        copy.put(key, value);
        return copy;
    }

    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
