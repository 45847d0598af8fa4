package io.strata.pipelines;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.strata.pipelines.spec.PipelineSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the orchestrator knows about one pipeline, saved as JSON after every change so that a
 * restarted orchestrator resumes where it was (services, driver tasks and source tasks outlive it).
 * Only the pipeline's runner thread changes it; readers get copies ({@link #copy()}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
final class PipelineRecord {

    /** STARTING, RUNNING, DRAINED, STOPPING, STOPPED, FAILED. */
    enum State { STARTING, RUNNING, DRAINED, STOPPING, STOPPED, FAILED }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class ServiceRecord {
        public String key;
        public String name;
        public String type;
        public boolean existing;
        /** The create request was accepted (or the service already was ours after a restart). */
        public boolean created;
        public String state = "PENDING";
        public String reason = "";
        public Map<String, String> endpoints = new LinkedHashMap<>();
        public boolean topicsReady;
        public boolean schemaApplied;
        public boolean deleted;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class JobRecord {
        public String key;
        public String kind;
        public String submissionId;
        public String state = "WAITING";
        public String reason = "";
        public int executorsRunning;
        public long processed;
        public long lag;
        public long startedAt;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class SourceRecord {
        public String key;
        public String type;
        public String taskId;
        public String state = "WAITING";
        public String reason = "";
        public long startedAt;
    }

    public PipelineSpec spec;
    /** Job key → SHA-256 of its jar in the cluster's artifact store. */
    public Map<String, String> jars = new LinkedHashMap<>();
    public State state = State.STARTING;
    public String reason = "";
    public boolean stopRequested;
    public boolean keepData;
    public long createdAt;
    public Long runningAt;
    public Long drainedAt;
    public Long firstWrittenAt;
    public Long stopRequestedAt;
    public Long stoppedAt;
    public long eventsProduced;
    public long eventsProcessed;
    public Long eventsWritten;
    public long lag;
    public Map<String, ServiceRecord> services = new LinkedHashMap<>();
    public Map<String, JobRecord> jobs = new LinkedHashMap<>();
    public Map<String, SourceRecord> sources = new LinkedHashMap<>();

    String name() {
        return spec.name();
    }

    boolean ended() {
        return state == State.STOPPED;
    }

    PipelineRecord copy() {
        return LocalApi.MAPPER.convertValue(this, PipelineRecord.class);
    }
}
