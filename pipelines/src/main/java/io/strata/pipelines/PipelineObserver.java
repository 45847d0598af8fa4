package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.pipelines.Observation.DriverSeen;
import io.strata.pipelines.Observation.ServiceSeen;
import io.strata.pipelines.Observation.TaskSeen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what a {@link Watch} asks for — services, drivers and tasks through the operator API on
 * this node, offsets through Kafka's admin client — into an {@link Observation}. Blocking; decides
 * nothing: a call that gets no answer leaves its entry out and the next step asks again.
 */
final class PipelineObserver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineObserver.class);

    private final LocalApi api;
    private final KafkaOffsets kafka;
    private final String pipeline;

    private final Duration grace;
    private final java.time.Clock clock;

    PipelineObserver(LocalApi api, KafkaOffsets kafka, String pipeline, Duration grace, java.time.Clock clock) {
        this.api = api;
        this.kafka = kafka;
        this.pipeline = pipeline;
        this.grace = grace;
        this.clock = clock;
    }

    Observation observe(Watch w) {
        Map<String, ServiceSeen> services = new HashMap<>();
        Map<String, DriverSeen> drivers = new HashMap<>();
        Map<String, TaskSeen> tasks = new HashMap<>();
        Map<String, Observation.AppSeen> apps = new HashMap<>();
        for (Watch.Probe p : w.probes()) {
            if (p instanceof Watch.ServiceProbe s) {
                put(services, s.key(), service(s));
            } else if (p instanceof Watch.AppProbe a) {
                put(apps, a.key(), app(a));
            } else if (p instanceof Watch.DriverProbe d) {
                put(drivers, d.key(), driver(d));
            } else if (p instanceof Watch.TaskProbe t) {
                put(tasks, t.key(), task(t.taskId()));
            }
        }
        return new Observation(services, drivers, tasks, w.offsets() == null ? null : offsets(w.offsets()),
                w.written() == null ? null : written(w.written()),
                w.executors() == null ? null : executorsLeft(w.executors().submissionIds()), apps);
    }

    /** An app's status from the apps API (see APPS_API.md): why it is not all healthy is its last failure or the deployment's reason. */
    private Observation.AppSeen app(Watch.AppProbe p) {
        LocalApi.Answer a = call(() -> api.get("/api/v1/apps/" + LocalApi.segment(p.name())));
        if (a == null) {
            return null;
        }
        if (a.status() == 404) {
            return new Observation.AppMissing();
        }
        if (!a.ok()) {
            return new Observation.AppUnreadable(a.error());
        }
        JsonNode b = a.body();
        int healthy = 0;
        for (JsonNode i : b.path("instances")) {
            healthy += "HEALTHY".equals(i.path("state").asText()) ? 1 : 0;
        }
        String reason = b.path("lastFailure").asText("");
        if (reason.isBlank()) {
            reason = b.path("deployment").path("reason").asText("");
        }
        Map<String, List<String>> byPort = new LinkedHashMap<>();
        b.path("endpointsByPort").fields().forEachRemaining(e -> byPort.put(e.getKey(), texts(e.getValue())));
        return new Observation.AppFound(b.path("state").asText("UNKNOWN"), b.path("instances_wanted").asInt(0),
                healthy, reason, texts(b.path("endpoints")), byPort);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }

    private ServiceSeen service(Watch.ServiceProbe p) {
        LocalApi.Answer a = call(() -> api.get("/api/v1/" + p.type() + "/" + LocalApi.segment(p.name())));
        if (a == null) {
            return null;
        }
        if (a.status() == 404) {
            return new Observation.ServiceMissing();
        }
        if (!a.ok()) {
            return new Observation.ServiceUnreadable(a.error());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String f : p.endpointFields()) {
            JsonNode v = a.body().path(f);
            if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                v.forEach(e -> parts.add(e.asText()));
                fields.put(f, String.join(",", parts));
            } else if (!v.isMissingNode()) {
                fields.put(f, v.asText(""));
            }
        }
        return new Observation.ServiceFound(ServiceState.of(a.body().path("state").asText("UNKNOWN")),
                a.body().path("reason").asText(""), fields);
    }

    /** The dispatcher forgets submissions when it restarts; then the driver task is the truth. */
    private DriverSeen driver(Watch.DriverProbe p) {
        LocalApi.Answer a = call(() -> api.get("/api/v1/spark/submissions/" + LocalApi.segment(p.submissionId())));
        if (a == null) {
            return null;
        }
        if (a.ok()) {
            int running = 0;
            for (JsonNode e : a.body().path("app").path("executors")) {
                if (RunState.of(e.path("state").asText()) == RunState.RUNNING) {
                    running++;
                }
            }
            RunState state = state(a.body());
            String waiting = state == RunState.RUNNING ? executorsWaiting(a.body().path("app")) : "";
            return new Observation.SubmissionFound(state, waiting.isEmpty() ? a.body().path("reason").asText("")
                    : waiting, running);
        }
        return a.status() == 404 ? (DriverSeen) task(p.submissionId()) : null;
    }

    /**
     * Why a running driver's application lacks executors, from the dispatcher's view of it: its own
     * reason (a group at its limit) or what each pending executor asks of an agent —
     * "1 executor waiting for 1 cpus, 1024 MB on agent a2 (the driver's: its checkpoint is there)";
     * empty when none is pending.
     */
    static String executorsWaiting(JsonNode app) {
        int pending = app.path("pending_executors").asInt(0);
        if (pending <= 0) {
            return "";
        }
        if (!app.path("reason").asText("").isBlank()) {
            return app.path("reason").asText();
        }
        String count = pending + (pending == 1 ? " executor" : " executors") + " waiting";
        JsonNode d = app.path("demand");
        if (!d.isObject()) {
            return count + " for room on an agent";
        }
        String agent = d.path("agent").asText("");
        return count + " for " + new java.math.BigDecimal(d.path("cpus").asText("0")).stripTrailingZeros()
                .toPlainString() + " cpus, " + d.path("memMb").asLong() + " MB" + (agent.isEmpty() ? " on an agent"
                : " on agent " + agent + " (the driver's: its checkpoint is there)");
    }

    private TaskSeen task(String id) {
        LocalApi.Answer a = call(() -> api.get("/api/v1/tasks/" + LocalApi.segment(id)));
        if (a == null) {
            return null;
        }
        if (a.ok()) {
            return new Observation.TaskFound(state(a.body()), a.body().path("reason").asText(""));
        }
        return a.status() == 404 && !masterReregistering() ? new Observation.TaskGone() : null;
    }

    /**
     * Whether the master took over less than the re-registration grace ago: its agents may not have
     * reported their tasks yet, so a task it does not know is not gone (seen on namespace hosts: the
     * orchestrator, moved with the master, asked before the source's agent re-registered and failed
     * the pipeline). Unknown state counts as re-registering; the next step asks again.
     */
    private boolean masterReregistering() {
        LocalApi.Answer a = call(() -> api.get("/api/v1/state"));
        if (a == null || !a.ok() || !a.body().path("master").path("leaderSince").isTextual()) {
            return true;
        }
        try {
            java.time.Instant since = java.time.Instant.parse(a.body().path("master").path("leaderSince").asText());
            return Duration.between(since, clock.instant()).compareTo(grace) < 0;
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
    }

    private static RunState state(JsonNode body) {
        return body.path("state").isTextual() ? RunState.of(body.path("state").asText()) : null;
    }

    /** A topic or group that cannot be read is left out. */
    private Observation.Offsets offsets(Watch.OffsetsProbe p) {
        Map<String, Long> ends = new HashMap<>();
        p.ends().forEach((input, t) -> {
            try {
                ends.put(input, kafka.endOffsets(t.bootstrap(), t.topic()));
            } catch (Exception e) {
                LOG.debug("cannot read end offsets pipeline={} topic={} reason=\"{}\"", pipeline, input,
                        KafkaOffsets.message(e));
            }
        });
        Map<String, Long> committed = new HashMap<>();
        for (Watch.Group g : p.committed()) {
            try {
                committed.put(g.job(), kafka.committed(g.bootstrap(), g.group(), g.topic()));
            } catch (Exception e) {
                LOG.debug("cannot read offsets pipeline={} job={} reason=\"{}\"", pipeline, g.job(), KafkaOffsets.message(e));
            }
        }
        return new Observation.Offsets(ends, committed);
    }

    /** The first value of the query's first row, if it is a number. */
    private Long written(Watch.WrittenProbe p) {
        LocalApi.Answer a = call(() -> api.post("/api/v1/cassandra/" + LocalApi.segment(p.service()) + "/cql",
                LocalApi.MAPPER.createObjectNode().put("statement", p.cql()), Duration.ofSeconds(60)));
        if (a == null || !a.ok()) {
            return null;
        }
        JsonNode first = a.body().path("results").path(0).path("rows").path(0);
        JsonNode value = first.elements().hasNext() ? first.elements().next() : null;
        return value != null && value.isNumber() ? value.asLong() : null;
    }

    /**
     * How many executors of these submissions the master still lists as not ended. The Spark
     * framework's view of an ended application is not updated any more; the master's task list is.
     * Null when either cannot be read.
     */
    private Integer executorsLeft(Set<String> submissions) {
        LocalApi.Answer apps = call(() -> api.get("/api/v1/spark/apps"));
        if (apps == null || !apps.ok()) {
            return null;
        }
        Set<String> executors = new HashSet<>();
        for (JsonNode app : apps.body()) {
            if (submissions.contains(app.path("submissionId").asText())) {
                app.path("executors").forEach(e -> executors.add(e.path("taskId").asText()));
            }
        }
        if (executors.isEmpty()) {
            return 0;
        }
        LocalApi.Answer tasks = call(() -> api.get("/api/v1/tasks"));
        if (tasks == null || !tasks.ok()) {
            return null;
        }
        int left = 0;
        for (JsonNode t : tasks.body()) {
            if (executors.contains(t.path("id").asText()) && !RunState.of(t.path("state").asText()).ended()) {
                left++;
            }
        }
        return left;
    }

    private static <V> void put(Map<String, V> m, String key, V value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private LocalApi.Answer call(LocalApi.Call c) {
        return LocalApi.attempt(pipeline, c);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
