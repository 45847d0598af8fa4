package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cassandra.CqlScript;
import io.strata.pipelines.PipelineRecord.JobRecord;
import io.strata.pipelines.PipelineRecord.ServiceRecord;
import io.strata.pipelines.PipelineRecord.SourceRecord;
import io.strata.pipelines.PipelineRecord.State;
import io.strata.pipelines.spec.PipelineSpec;
import io.strata.pipelines.spec.PipelineSpec.JobSpec;
import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;
import io.strata.pipelines.spec.PipelineSpec.SourceSpec;
import io.strata.pipelines.spec.References;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Drives one pipeline on its own thread, one step a second: provisions its services in parallel,
 * creates topics and schema, starts jobs once their inputs are ready and sources once the jobs
 * reading them run, tracks progress through Kafka offsets, and on stop takes everything down in
 * reverse order until every resource is back. Every step re-reads the cluster's truth (the API),
 * so a run resumed from its saved record after a restart simply carries on.
 */
final class PipelineRun {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);
    static final String SIMULATOR_MAIN = "io.strata.pipelines.sources.SensorSimulator";
    private static final Set<String> TERMINAL = Set.of("FINISHED", "FAILED", "KILLED", "LOST");

    private final PipelineRecord rec;
    private final LocalApi api;
    private final PipelineStore store;
    private final PipelinesSettings settings;
    private final Clock clock;
    private final KafkaOffsets kafka;
    private final ScheduledExecutorService thread;
    private volatile PipelineRecord snapshot;
    private String saved = "";
    private long lastProgress;
    private long lastWritten;
    private long sourcesEndedAt;
    private final Map<String, Long> topicEnds = new HashMap<>();

    PipelineRun(PipelineRecord rec, LocalApi api, PipelineStore store, PipelinesSettings settings, Clock clock) {
        this(rec, api, new KafkaOffsets(), store, settings, clock);
    }

    PipelineRun(PipelineRecord rec, LocalApi api, KafkaOffsets kafka, PipelineStore store, PipelinesSettings settings,
                Clock clock) {
        this.rec = rec;
        this.kafka = kafka;
        this.api = api;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.snapshot = rec.copy();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "strata-pipeline-" + rec.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** A new pipeline's record: one entry per service, job and source, nothing started. */
    static PipelineRecord newRecord(PipelineSpec spec, Map<String, String> jars, long now) {
        PipelineRecord r = new PipelineRecord();
        r.spec = spec;
        r.jars.putAll(jars);
        r.createdAt = now;
        for (ServiceSpec s : spec.services().values()) {
            ServiceRecord sr = new ServiceRecord();
            sr.key = s.key();
            sr.name = s.serviceName(spec.name());
            sr.type = s.type().apiName();
            sr.existing = s.existing() != null;
            sr.created = sr.existing;
            r.services.put(s.key(), sr);
        }
        for (JobSpec j : spec.jobs().values()) {
            JobRecord jr = new JobRecord();
            jr.key = j.key();
            jr.kind = j.kind().name().toLowerCase(java.util.Locale.ROOT);
            r.jobs.put(j.key(), jr);
        }
        for (SourceSpec s : spec.sources().values()) {
            SourceRecord sr = new SourceRecord();
            sr.key = s.key();
            sr.type = s.type();
            r.sources.put(s.key(), sr);
        }
        return r;
    }

    void start() {
        thread.scheduleWithFixedDelay(this::safeStep, 0, settings.step().toMillis(), TimeUnit.MILLISECONDS);
    }

    PipelineRecord snapshot() {
        return snapshot;
    }

    void requestStop(boolean keepData) {
        thread.execute(() -> markStopRequested(keepData));
    }

    /** On the run's thread: the next step starts stopping. */
    void markStopRequested(boolean keepData) {
        if (!rec.stopRequested && rec.state != State.STOPPED) {
            rec.stopRequested = true;
            rec.keepData = keepData;
            rec.stopRequestedAt = clock.millis();
            LOG.info("pipeline stop requested pipeline={} keepData={}", rec.name(), keepData);
            publish();
        }
    }

    /** Runs the checks on the pipeline's thread (after its current step). */
    CompletableFuture<ObjectNode> verify() {
        return CompletableFuture.supplyAsync(this::checks, thread);
    }

    /** Stops this run's thread (the orchestrator moved, or the node stops); the pipeline itself keeps running. */
    void detach() {
        thread.shutdownNow();
        kafka.close();
    }

    void safeStep() {
        try {
            step();
        } catch (RuntimeException e) {
            LOG.warn("pipeline step failed pipeline={} reason=\"{}\"", rec.name(), e.toString(), e);
        }
        publish();
        if (rec.state == State.STOPPED) {
            kafka.close();
            thread.shutdown();
        }
    }

    private void publish() {
        snapshot = rec.copy();
        String json;
        try {
            json = LocalApi.MAPPER.writeValueAsString(rec);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (!json.equals(saved)) {
            store.save(rec.name(), json);
            saved = json;
        }
    }

    void step() {
        if (rec.state == State.STOPPED) {
            return;
        }
        if (rec.stopRequested && rec.state != State.STOPPING) {
            transition(State.STOPPING, rec.keepData ? "stopping jobs and sources; keeping the services and their data"
                    : "stopping jobs, sources and services");
        }
        if (rec.state == State.STOPPING) {
            stopping();
            return;
        }
        observeServices();
        observeJobs();
        observeSources();
        if (rec.state != State.FAILED) {
            provision();
            prepare();
            submitJobs();
            startSources();
        }
        progress();
        evaluate();
    }

    // ---- services ---------------------------------------------------------------------------

    private void provision() {
        for (ServiceRecord s : rec.services.values()) {
            if (s.created) {
                continue;
            }
            ServiceSpec spec = rec.spec.services().get(s.key);
            ObjectNode body = LocalApi.MAPPER.createObjectNode().put("name", s.name);
            spec.config().forEach((k, v) -> body.put(k, v.toString()));
            LocalApi.Answer a = call(() -> api.post("/api/v1/" + s.type, body));
            if (a == null) {
                continue;
            }
            if (a.ok() || a.status() == 409) {
                s.created = true;
                s.state = "DEPLOYING";
                LOG.info("pipeline service created pipeline={} service={} type={}", rec.name(), s.name, s.type);
            } else if (a.status() == 400) {
                fail("services." + s.key + ": the cluster refused " + s.type + " " + s.name + ": " + a.error());
            } else {
                s.reason = a.error();
            }
        }
    }

    private void observeServices() {
        for (ServiceRecord s : rec.services.values()) {
            if (!s.created) {
                continue;
            }
            LocalApi.Answer a = call(() -> api.get("/api/v1/" + s.type + "/" + LocalApi.segment(s.name)));
            if (a == null) {
                continue;
            }
            if (a.status() == 404) {
                s.state = "GONE";
                if (rec.state != State.FAILED) {
                    fail("services." + s.key + ": " + s.type + " " + s.name + " no longer exists");
                }
                continue;
            }
            if (!a.ok()) {
                s.reason = a.error();
                continue;
            }
            JsonNode b = a.body();
            s.state = b.path("state").asText("UNKNOWN");
            s.reason = b.path("reason").asText("");
            if (s.type.equals("kafka")) {
                s.endpoints.put("bootstrap", b.path("bootstrap").asText(""));
            } else {
                List<String> cps = new ArrayList<>();
                b.path("contactPoints").forEach(cp -> cps.add(cp.asText()));
                s.endpoints.put("contactPoints", String.join(",", cps));
                s.endpoints.put("datacenter", settings.cassandraDatacenter());
            }
        }
    }

    /** Topics and schema, once their service runs. */
    private void prepare() {
        for (ServiceRecord s : rec.services.values()) {
            if (!"RUNNING".equals(s.state)) {
                continue;
            }
            ServiceSpec spec = rec.spec.services().get(s.key);
            if (s.type.equals("kafka") && !s.topicsReady) {
                boolean all = true;
                for (var t : spec.topics()) {
                    ObjectNode body = LocalApi.MAPPER.createObjectNode().put("topic", t.name())
                            .put("partitions", t.partitions()).put("replication", t.replication());
                    LocalApi.Answer a = call(() -> api.post("/api/v1/kafka/" + LocalApi.segment(s.name) + "/topics", body));
                    if (a == null || !(a.ok() || a.status() == 409 || a.error().contains("already exists"))) {
                        all = false;
                        if (a != null && a.status() == 400) {
                            fail("services." + s.key + ".topics: cannot create topic " + t.name() + ": " + a.error());
                            return;
                        }
                        if (a != null) {
                            s.reason = "creating topic " + t.name() + ": " + a.error();
                        }
                    }
                }
                s.topicsReady = all;
            }
            if (s.type.equals("cassandra") && !s.schemaApplied) {
                if (spec.schema() == null || spec.schema().isBlank()) {
                    s.schemaApplied = true;
                    continue;
                }
                ObjectNode body = LocalApi.MAPPER.createObjectNode();
                ArrayNode statements = body.putArray("statements");
                for (CqlScript.Statement st : CqlScript.split(spec.schema())) {
                    statements.addObject().put("text", st.text()).put("line", st.line());
                }
                LocalApi.Answer a = call(() -> api.post("/api/v1/cassandra/" + LocalApi.segment(s.name) + "/cql", body,
                        Duration.ofSeconds(120)));
                if (a == null) {
                    continue;
                }
                if (a.ok()) {
                    s.schemaApplied = true;
                    LOG.info("pipeline schema applied pipeline={} service={} statements={}", rec.name(), s.name,
                            statements.size());
                } else if (a.status() == 400) {
                    fail("services." + s.key + ".schema: " + a.error());
                    return;
                } else {
                    s.reason = "applying the schema: " + a.error();
                }
            }
        }
    }

    private boolean serviceReady(String key) {
        ServiceRecord s = rec.services.get(key);
        if (s == null || !"RUNNING".equals(s.state)) {
            return false;
        }
        return s.type.equals("kafka") ? s.topicsReady : s.schemaApplied;
    }

    // ---- jobs -------------------------------------------------------------------------------

    /** The service keys a job's arguments, settings and input refer to. */
    private Set<String> servicesOf(JobSpec j) {
        Set<String> keys = new LinkedHashSet<>();
        Stream.concat(j.args().stream(), j.conf().values().stream()).flatMap(v -> References.find(v).stream())
                .map(r -> r.substring(0, r.indexOf('.') < 0 ? r.length() : r.indexOf('.')))
                .filter(rec.services::containsKey).forEach(keys::add);
        if (j.input() != null) {
            keys.add(j.input().substring(0, j.input().indexOf('/')));
        }
        return keys;
    }

    private void submitJobs() {
        for (JobSpec j : rec.spec.jobs().values()) {
            JobRecord jr = rec.jobs.get(j.key());
            if (jr.submissionId != null) {
                continue;
            }
            List<String> waiting = new ArrayList<>();
            for (String key : servicesOf(j)) {
                if (!serviceReady(key)) {
                    waiting.add(key);
                }
            }
            for (String source : j.after()) {
                if (!"FINISHED".equals(rec.sources.get(source).state)) {
                    waiting.add(source);
                }
            }
            if (!waiting.isEmpty()) {
                jr.reason = "waiting for " + String.join(", ", waiting);
                continue;
            }
            ObjectNode body;
            try {
                body = submission(j);
            } catch (IllegalArgumentException e) {
                fail("jobs." + j.key() + ": " + e.getMessage());
                return;
            }
            LocalApi.Answer a = call(() -> api.post("/api/v1/spark/submissions", body));
            if (a == null) {
                continue;
            }
            if (a.ok()) {
                jr.submissionId = a.body().path("id").asText();
                jr.state = "QUEUED";
                jr.reason = "submitted";
                jr.startedAt = clock.millis();
                LOG.info("pipeline job submitted pipeline={} job={} submission={}", rec.name(), j.key(), jr.submissionId);
            } else if (a.status() == 400) {
                fail("jobs." + j.key() + ": the cluster refused the Spark job: " + a.error());
                return;
            } else {
                jr.reason = a.error();
            }
        }
    }

    ObjectNode submission(JobSpec j) {
        Map<String, String> values = values(j.key());
        Map<String, String> conf = new LinkedHashMap<>();
        if (j.minExecutors() == j.maxExecutors()) {
            conf.put("spark.executor.instances", Integer.toString(j.minExecutors()));
        } else {
            conf.put("spark.dynamicAllocation.enabled", "true");
            conf.put("spark.dynamicAllocation.minExecutors", Integer.toString(j.minExecutors()));
            conf.put("spark.dynamicAllocation.initialExecutors", Integer.toString(j.minExecutors()));
            conf.put("spark.dynamicAllocation.maxExecutors", Integer.toString(j.maxExecutors()));
            conf.put("spark.dynamicAllocation.shuffleTracking.enabled", "true");
        }
        if (j.executorCores() != null) {
            conf.put("spark.executor.cores", j.executorCores().toString());
        }
        if (j.executorMemoryMb() != null) {
            conf.put("spark.executor.memory", j.executorMemoryMb() + "m");
        }
        j.conf().forEach((k, v) -> conf.put(k, References.resolve(v, values)));
        ObjectNode body = LocalApi.MAPPER.createObjectNode();
        body.put("name", rec.name() + "-" + j.key()).put("mainClass", j.mainClass())
                .put("jarSha256", rec.jars.get(j.key())).put("jarName", Path.of(j.jar()).getFileName().toString())
                .put("driverMemMb", j.driverMemoryMb())
                .put("driverCpus", Double.parseDouble(conf.getOrDefault("spark.strata.driver.cpus",
                        conf.getOrDefault("spark.driver.cores", "1"))));
        ArrayNode args = body.putArray("args");
        j.args().forEach(a -> args.add(References.resolve(a, values)));
        ObjectNode c = body.putObject("conf");
        conf.forEach(c::put);
        return body;
    }

    /** What references resolve to for a job (or for checks when {@code job} is null). */
    Map<String, String> values(String job) {
        Map<String, String> v = new HashMap<>();
        v.put("pipeline.name", rec.name());
        for (ServiceRecord s : rec.services.values()) {
            s.endpoints.forEach((k, value) -> v.put(s.key + "." + k, value));
        }
        if (job != null) {
            v.put("job.name", job);
            v.put("job.group", group(job));
            v.put("job.checkpoint", checkpoint(job).toString());
        }
        v.put("events.produced", Long.toString(rec.eventsProduced));
        return v;
    }

    String group(String job) {
        return "strata-" + rec.name() + "-" + job;
    }

    private Path checkpoint(String job) {
        return settings.checkpoints().resolve(rec.name()).resolve(job);
    }

    private void observeJobs() {
        for (JobRecord jr : rec.jobs.values()) {
            if (jr.submissionId == null || TERMINAL.contains(jr.state)) {
                continue;
            }
            LocalApi.Answer a = call(() -> api.get("/api/v1/spark/submissions/" + LocalApi.segment(jr.submissionId)));
            if (a == null) {
                continue;
            }
            if (a.ok()) {
                jr.state = a.body().path("state").asText(jr.state);
                jr.reason = a.body().path("reason").asText("");
                int running = 0;
                for (JsonNode e : a.body().path("app").path("executors")) {
                    if ("RUNNING".equals(e.path("state").asText())) {
                        running++;
                    }
                }
                jr.executorsRunning = running;
            } else if (a.status() == 404) {
                // The dispatcher forgets submissions when it restarts; the driver task is the truth.
                LocalApi.Answer t = call(() -> api.get("/api/v1/tasks/" + LocalApi.segment(jr.submissionId)));
                if (t == null) {
                    continue;
                }
                if (t.ok()) {
                    jr.state = t.body().path("state").asText(jr.state);
                    jr.reason = t.body().path("reason").asText("");
                } else if (t.status() == 404) {
                    jr.state = "LOST";
                    jr.reason = "its driver task " + jr.submissionId + " is gone";
                }
            }
            if (TERMINAL.contains(jr.state)) {
                LOG.info("pipeline job ended pipeline={} job={} state={} reason=\"{}\"", rec.name(), jr.key, jr.state,
                        jr.reason);
                boolean ok = jr.kind.equals("batch") && jr.state.equals("FINISHED");
                if (!ok && rec.state != State.FAILED && rec.state != State.STOPPING) {
                    fail("job " + jr.key + " ended " + jr.state + (jr.reason.isBlank() ? "" : ": " + jr.reason));
                }
            }
        }
    }

    /** A streaming job is ready for input once its driver runs with at least one executor. */
    private boolean jobReady(JobRecord jr) {
        return jr.kind.equals("batch") || ("RUNNING".equals(jr.state) && jr.executorsRunning > 0);
    }

    // ---- sources ----------------------------------------------------------------------------

    private void startSources() {
        for (SourceSpec s : rec.spec.sources().values()) {
            SourceRecord sr = rec.sources.get(s.key());
            if (sr.taskId != null) {
                continue;
            }
            List<String> waiting = new ArrayList<>();
            if (!serviceReady(s.kafka())) {
                waiting.add(s.kafka());
            }
            String input = s.kafka() + "/" + s.topic();
            for (JobSpec j : rec.spec.jobs().values()) {
                if (j.kind() == PipelineSpec.JobKind.STREAMING && input.equals(j.input()) && !jobReady(rec.jobs.get(j.key()))) {
                    waiting.add("job " + j.key());
                }
            }
            if (!waiting.isEmpty()) {
                sr.reason = "waiting for " + String.join(", ", waiting);
                continue;
            }
            ObjectNode body = LocalApi.MAPPER.createObjectNode().put("name", rec.name() + "-" + s.key())
                    .put("cpus", settings.sourceCpus()).put("memMb", settings.sourceMemMb());
            ArrayNode command = body.putArray("command");
            simulatorCommand(s).forEach(command::add);
            LocalApi.Answer a = call(() -> api.post("/api/v1/tasks", body));
            if (a == null) {
                continue;
            }
            if (a.ok()) {
                sr.taskId = a.body().path("id").asText();
                sr.state = "PENDING";
                sr.reason = "submitted";
                sr.startedAt = clock.millis();
                LOG.info("pipeline source started pipeline={} source={} task={}", rec.name(), s.key(), sr.taskId);
            } else if (a.status() == 400) {
                fail("sources." + s.key() + ": the cluster refused the source's task: " + a.error());
                return;
            } else {
                sr.reason = a.error();
            }
        }
    }

    List<String> simulatorCommand(SourceSpec s) {
        List<String> c = new ArrayList<>(List.of(settings.java(), "-Xmx" + settings.sourceHeapMb() + "m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", settings.classPath(), SIMULATOR_MAIN,
                "--bootstrap", rec.services.get(s.kafka()).endpoints.get("bootstrap"), "--topic", s.topic(),
                "--sensors", Integer.toString(s.sensors()), "--seed", Long.toString(s.seed())));
        if (s.events() != null) {
            c.addAll(List.of("--events", s.events().toString()));
        }
        if (s.rate() != null) {
            c.addAll(List.of("--rate", s.rate().toString()));
        }
        return c;
    }

    private void observeSources() {
        for (SourceRecord sr : rec.sources.values()) {
            if (sr.taskId == null || TERMINAL.contains(sr.state)) {
                continue;
            }
            LocalApi.Answer a = call(() -> api.get("/api/v1/tasks/" + LocalApi.segment(sr.taskId)));
            if (a == null) {
                continue;
            }
            if (a.ok()) {
                sr.state = a.body().path("state").asText(sr.state);
                sr.reason = a.body().path("reason").asText("");
            } else if (a.status() == 404) {
                sr.state = "LOST";
                sr.reason = "its task " + sr.taskId + " is gone";
            }
            if (TERMINAL.contains(sr.state)) {
                LOG.info("pipeline source ended pipeline={} source={} state={} reason=\"{}\"", rec.name(), sr.key,
                        sr.state, sr.reason);
                if (!sr.state.equals("FINISHED") && rec.state != State.FAILED && rec.state != State.STOPPING) {
                    fail("source " + sr.key + " ended " + sr.state + (sr.reason.isBlank() ? "" : ": " + sr.reason));
                }
            }
        }
    }

    // ---- progress and state -----------------------------------------------------------------

    private void progress() {
        long now = clock.millis();
        if (now - lastProgress >= settings.progressInterval().toMillis()) {
            lastProgress = now;
            kafkaProgress();
        }
        if (rec.spec.written() != null && now - lastWritten >= settings.writtenInterval().toMillis()) {
            lastWritten = now;
            written();
        }
    }

    private void kafkaProgress() {
        topicEnds.clear();
        long produced = 0;
        for (String input : sourceTopics()) {
            Long end = end(input);
            if (end == null) {
                return;
            }
            produced += end;
        }
        rec.eventsProduced = Math.max(rec.eventsProduced, produced);
        Map<String, Long> processedPerTopic = new LinkedHashMap<>();
        long lag = 0;
        for (JobSpec j : rec.spec.jobs().values()) {
            if (j.input() == null) {
                continue;
            }
            JobRecord jr = rec.jobs.get(j.key());
            String kafkaKey = j.input().substring(0, j.input().indexOf('/'));
            String topic = j.input().substring(j.input().indexOf('/') + 1);
            Long end = end(j.input());
            String bootstrap = rec.services.get(kafkaKey).endpoints.get("bootstrap");
            if (end == null || jr.submissionId == null) {
                continue;
            }
            try {
                jr.processed = kafka.committed(bootstrap, group(j.key()), topic);
                jr.lag = Math.max(0, end - jr.processed);
                lag += jr.lag;
                processedPerTopic.merge(j.input(), jr.processed, Math::min);
            } catch (Exception e) {
                LOG.debug("cannot read offsets pipeline={} job={} reason=\"{}\"", rec.name(), j.key(), KafkaOffsets.message(e));
            }
        }
        rec.eventsProcessed = processedPerTopic.values().stream().mapToLong(Long::longValue).sum();
        rec.lag = lag;
    }

    /** "kafka/readings" of every source. */
    private Set<String> sourceTopics() {
        Set<String> out = new LinkedHashSet<>();
        rec.spec.sources().values().forEach(s -> out.add(s.kafka() + "/" + s.topic()));
        return out;
    }

    private Long end(String input) {
        if (topicEnds.containsKey(input)) {
            return topicEnds.get(input);
        }
        String kafkaKey = input.substring(0, input.indexOf('/'));
        if (!serviceReady(kafkaKey)) {
            return null;
        }
        try {
            long end = kafka.endOffsets(rec.services.get(kafkaKey).endpoints.get("bootstrap"),
                    input.substring(input.indexOf('/') + 1));
            topicEnds.put(input, end);
            return end;
        } catch (Exception e) {
            LOG.debug("cannot read end offsets pipeline={} topic={} reason=\"{}\"", rec.name(), input, KafkaOffsets.message(e));
            return null;
        }
    }

    private void written() {
        PipelineSpec.WrittenSpec w = rec.spec.written();
        if (!serviceReady(w.cassandra())) {
            return;
        }
        Optional<JsonNode> rows = cql(w.cassandra(), w.cql());
        if (rows.isPresent() && rows.get().size() > 0) {
            JsonNode first = rows.get().get(0);
            JsonNode value = first.elements().hasNext() ? first.elements().next() : null;
            if (value != null && value.isNumber()) {
                rec.eventsWritten = value.asLong();
                if (rec.eventsWritten > 0 && rec.firstWrittenAt == null) {
                    rec.firstWrittenAt = clock.millis();
                }
            }
        }
    }

    private Optional<JsonNode> cql(String cassandraKey, String statement) {
        ServiceRecord s = rec.services.get(cassandraKey);
        ObjectNode body = LocalApi.MAPPER.createObjectNode().put("statement", statement);
        LocalApi.Answer a = call(() -> api.post("/api/v1/cassandra/" + LocalApi.segment(s.name) + "/cql", body,
                Duration.ofSeconds(60)));
        if (a == null || !a.ok()) {
            return Optional.empty();
        }
        return Optional.of(a.body().path("results").path(0).path("rows"));
    }

    private void evaluate() {
        if (rec.state == State.FAILED) {
            return;
        }
        long now = clock.millis();
        boolean servicesReady = rec.services.keySet().stream().allMatch(this::serviceReady);
        if (!servicesReady && now - rec.createdAt > settings.provisionTimeout().toMillis()) {
            String slow = rec.services.values().stream().filter(s -> !serviceReady(s.key))
                    .map(s -> s.type + " " + s.name + " (" + s.state + (s.reason.isBlank() ? "" : ": " + s.reason) + ")")
                    .reduce((a, b) -> a + ", " + b).orElse("");
            fail("services not ready within " + settings.provisionTimeout().toMinutes() + " min: " + slow);
            return;
        }
        boolean jobsStarted = rec.spec.jobs().values().stream().allMatch(j -> {
            JobRecord jr = rec.jobs.get(j.key());
            return jr.submissionId != null ? jobReady(jr) || "FINISHED".equals(jr.state) : !j.after().isEmpty();
        });
        boolean sourcesStarted = rec.sources.values().stream().allMatch(s -> s.taskId != null);
        if (rec.state == State.STARTING && servicesReady && jobsStarted && sourcesStarted) {
            rec.runningAt = now;
            transition(State.RUNNING, "every service, job and source started");
        }
        if (rec.state == State.RUNNING && drained()) {
            rec.drainedAt = now;
            transition(State.DRAINED, "the sources have finished and every produced event has been processed ("
                    + rec.eventsProduced + " events)");
        }
    }

    private boolean drained() {
        if (!rec.sources.values().stream().allMatch(s -> "FINISHED".equals(s.state))) {
            sourcesEndedAt = 0;
            return false;
        }
        for (JobSpec j : rec.spec.jobs().values()) {
            JobRecord jr = rec.jobs.get(j.key());
            if (j.kind() == PipelineSpec.JobKind.BATCH) {
                if (!"FINISHED".equals(jr.state)) {
                    return false;
                }
            } else if (j.input() != null) {
                Long end = topicEnds.get(j.input());
                if (end == null || jr.processed < end) {
                    return false;
                }
            }
        }
        // Offsets read after the last source ended, not a reading from before.
        if (sourcesEndedAt == 0) {
            sourcesEndedAt = clock.millis();
            return false;
        }
        return lastProgress > sourcesEndedAt;
    }

    // ---- stopping ---------------------------------------------------------------------------

    private void stopping() {
        boolean busy = false;
        observeSources();
        for (SourceRecord s : rec.sources.values()) {
            if (s.taskId != null && !TERMINAL.contains(s.state)) {
                call(() -> api.delete("/api/v1/tasks/" + LocalApi.segment(s.taskId)));
                busy = true;
            }
        }
        observeJobs();
        for (JobRecord j : rec.jobs.values()) {
            if (j.submissionId != null && !TERMINAL.contains(j.state)) {
                LocalApi.Answer a = call(() -> api.delete("/api/v1/spark/submissions/" + LocalApi.segment(j.submissionId)));
                if (a != null && a.status() == 404) {
                    call(() -> api.delete("/api/v1/tasks/" + LocalApi.segment(j.submissionId)));
                }
                busy = true;
            }
        }
        if (busy || executorsLeft()) {
            return;
        }
        if (!rec.keepData) {
            for (ServiceRecord s : rec.services.values()) {
                if (s.existing || s.deleted || !s.created) {
                    continue;
                }
                LocalApi.Answer get = call(() -> api.get("/api/v1/" + s.type + "/" + LocalApi.segment(s.name)));
                if (get == null) {
                    busy = true;
                } else if (get.status() == 404) {
                    s.deleted = true;
                    s.state = "DELETED";
                    LOG.info("pipeline service deleted pipeline={} service={}", rec.name(), s.name);
                } else {
                    s.state = get.body().path("state").asText(s.state);
                    if (!"DELETING".equals(s.state)) {
                        call(() -> api.delete("/api/v1/" + s.type + "/" + LocalApi.segment(s.name)));
                    }
                    busy = true;
                }
            }
            if (busy) {
                return;
            }
            deleteCheckpoints();
        }
        rec.stoppedAt = clock.millis();
        kafka.close();
        transition(State.STOPPED, rec.keepData ? "stopped; services kept with their data: "
                + String.join(", ", rec.services.values().stream().map(s -> s.type + " " + s.name).toList())
                : "stopped; every resource is back in the cluster");
    }

    /** Executors outlive their driver by up to the Spark framework's driver timeout. */
    private boolean executorsLeft() {
        Set<String> ours = new LinkedHashSet<>();
        rec.jobs.values().forEach(j -> {
            if (j.submissionId != null) {
                ours.add(j.submissionId);
            }
        });
        if (ours.isEmpty()) {
            return false;
        }
        LocalApi.Answer a = call(() -> api.get("/api/v1/spark/apps"));
        if (a == null || !a.ok()) {
            return true;
        }
        // The framework's view of an ended application is not updated any more; the master's task
        // list says whether its executors are gone.
        Set<String> executors = new LinkedHashSet<>();
        for (JsonNode app : a.body()) {
            if (ours.contains(app.path("submissionId").asText())) {
                app.path("executors").forEach(e -> executors.add(e.path("taskId").asText()));
            }
        }
        if (executors.isEmpty()) {
            return false;
        }
        LocalApi.Answer tasks = call(() -> api.get("/api/v1/tasks"));
        if (tasks == null || !tasks.ok()) {
            return true;
        }
        for (JsonNode t : tasks.body()) {
            if (executors.contains(t.path("id").asText()) && !TERMINAL.contains(t.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    private void deleteCheckpoints() {
        Path dir = settings.checkpoints().resolve(rec.name());
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot delete checkpoints dir={} reason=\"{}\"", dir, e.toString());
        }
    }

    // ---- checks -----------------------------------------------------------------------------

    private ObjectNode checks() {
        ObjectNode out = LocalApi.MAPPER.createObjectNode();
        ArrayNode results = out.putArray("checks");
        boolean all = true;
        Map<String, String> values = values(null);
        for (PipelineSpec.CheckSpec c : rec.spec.checks()) {
            ObjectNode r = results.addObject().put("name", c.name());
            String problem = check(c, values, r);
            r.put("passed", problem == null);
            if (problem != null) {
                r.put("problem", problem);
                all = false;
            }
        }
        out.put("passed", all);
        out.put("events_produced", rec.eventsProduced);
        return out;
    }

    private String check(PipelineSpec.CheckSpec c, Map<String, String> values, ObjectNode r) {
        Expectation expect;
        String cql;
        try {
            expect = Expectation.parse(References.resolve(c.expect(), values));
            cql = References.resolve(c.cql(), values);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        r.put("expect", expect.toString());
        ServiceRecord s = rec.services.get(c.cassandra());
        ObjectNode body = LocalApi.MAPPER.createObjectNode().put("statement", cql).put("consistency", "ALL");
        LocalApi.Answer a = call(() -> api.post("/api/v1/cassandra/" + LocalApi.segment(s.name) + "/cql", body,
                Duration.ofSeconds(120)));
        if (a == null) {
            return "cassandra " + s.name + " did not answer";
        }
        if (!a.ok()) {
            return a.error();
        }
        JsonNode rows = a.body().path("results").path(0).path("rows");
        r.put("rows", rows.size());
        if (rows.isEmpty()) {
            return "the query returned no rows";
        }
        int failed = 0;
        String first = null;
        for (JsonNode row : rows) {
            try {
                Optional<String> f = expect.failure(row);
                if (f.isPresent()) {
                    failed++;
                    first = first == null ? f.get() + " in row " + row : first;
                }
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        if (rows.size() == 1) {
            r.set("row", rows.get(0));
        }
        return failed == 0 ? null : failed + " of " + rows.size() + " rows fail: " + first;
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void fail(String reason) {
        LOG.warn("pipeline failed pipeline={} reason=\"{}\"", rec.name(), reason);
        transition(State.FAILED, reason);
    }

    private void transition(State to, String reason) {
        if (rec.state != to) {
            LOG.info("pipeline state pipeline={} from={} to={} reason=\"{}\"", rec.name(), rec.state, to, reason);
        }
        rec.state = to;
        rec.reason = reason;
    }

    private interface Call {
        LocalApi.Answer run() throws IOException;
    }

    /** One API call; a transport failure is logged and answered with null (the next step retries). */
    private LocalApi.Answer call(Call c) {
        try {
            return c.run();
        } catch (IOException | RuntimeException e) {
            LOG.debug("pipeline api call failed pipeline={} reason=\"{}\"", rec.name(), e.toString());
            return null;
        }
    }
}
