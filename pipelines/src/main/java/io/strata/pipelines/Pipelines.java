package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.pipelines.PipelineRecord.State;
import io.strata.pipelines.spec.PipelineSpec;
import io.strata.pipelines.spec.PipelineSpec.JobSpec;
import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Every pipeline this orchestrator drives: start (after checking that the cluster can ever run it),
 * status, list, stop, verify. Lives inside the pipelines singleton; its runs resume from the store.
 */
final class Pipelines implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipelines.class);
    private static final long MIN_OVERHEAD_MB = 384;

    /** An answer for the API: HTTP status and JSON body. */
    record Answer(int status, JsonNode body) {
        static Answer error(int status, String message) {
            return new Answer(status, LocalApi.MAPPER.createObjectNode().put("error", message));
        }
    }

    private final LocalApi api;
    private final PipelineStore store;
    private final PipelinesSettings settings;
    private final Clock clock;
    private final Map<String, PipelineRun> runs = new LinkedHashMap<>();

    Pipelines(LocalApi api, PipelineStore store, PipelinesSettings settings, Clock clock) {
        this.api = api;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** Picks up every saved pipeline; those not yet stopped carry on. */
    synchronized void resume() {
        for (PipelineRecord r : store.load()) {
            PipelineRun run = new PipelineRun(r, api, store, settings, clock);
            runs.put(r.name(), run);
            if (r.state != State.STOPPED) {
                LOG.info("pipeline resumed pipeline={} state={}", r.name(), r.state);
                run.start();
            }
        }
    }

    Answer start(PipelineSpec spec, Map<String, String> jars, boolean dryRun) {
        synchronized (this) {
            PipelineRun existing = runs.get(spec.name());
            if (existing != null && existing.snapshot().state != State.STOPPED) {
                return Answer.error(409, "pipeline " + spec.name() + " already exists ("
                        + existing.snapshot().state + "); stop it first with 'strata pipeline stop " + spec.name() + "'");
            }
        }
        List<String> problems = new ArrayList<>();
        ObjectNode plan;
        try {
            plan = preflight(spec, problems);
        } catch (IOException e) {
            return Answer.error(503, "cannot check the pipeline against the cluster: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            return Answer.error(400, "pipeline " + spec.name() + " cannot run on this cluster:\n  - "
                    + String.join("\n  - ", problems));
        }
        if (dryRun) {
            return new Answer(200, plan.put("valid", true));
        }
        synchronized (this) {
            PipelineRun existing = runs.get(spec.name());
            if (existing != null && existing.snapshot().state != State.STOPPED) {
                return Answer.error(409, "pipeline " + spec.name() + " already exists (" + existing.snapshot().state + ")");
            }
            PipelineRecord r = PipelineRun.newRecord(spec, jars, clock.millis());
            store.save(r.name(), LocalApi.MAPPER.valueToTree(r).toString());
            PipelineRun run = new PipelineRun(r, api, store, settings, clock);
            runs.put(r.name(), run);
            run.start();
            LOG.info("pipeline started pipeline={} services={} jobs={} sources={}", r.name(), spec.services().size(),
                    spec.jobs().size(), spec.sources().size());
            return new Answer(201, LocalApi.MAPPER.createObjectNode().put("name", r.name()).put("state", "STARTING"));
        }
    }

    /**
     * What the cluster must give the pipeline, checked against what it has: names free (or the
     * existing services there), each service fitting (the frameworks' own dry run), each Spark JVM
     * fitting some agent, and everything at once fitting the cluster's total.
     */
    private ObjectNode preflight(PipelineSpec spec, List<String> problems) throws IOException {
        ObjectNode plan = LocalApi.MAPPER.createObjectNode().put("name", spec.name());
        ArrayNode parts = plan.putArray("demand");
        double cpus = 0;
        long mem = 0;
        for (ServiceSpec s : spec.services().values()) {
            String type = s.type().apiName();
            String name = s.serviceName(spec.name());
            LocalApi.Answer got = api.get("/api/v1/" + type + "/" + LocalApi.segment(name));
            if (s.existing() != null) {
                if (got.status() == 404) {
                    problems.add("services." + s.key() + ".existing: no " + type + " service named " + name
                            + " runs on this cluster; see 'strata " + type + " list'");
                } else if (!got.ok()) {
                    problems.add("services." + s.key() + ": cannot read " + type + " " + name + ": " + got.error());
                }
                continue;
            }
            if (got.ok()) {
                problems.add("services." + s.key() + ": a " + type + " service named " + name
                        + " already exists; delete it ('strata " + type + " delete " + name + "') or rename the pipeline");
                continue;
            }
            ObjectNode body = LocalApi.MAPPER.createObjectNode().put("name", name).put("dryRun", true);
            s.config().forEach((k, v) -> body.put(k, v.toString()));
            LocalApi.Answer dry = api.post("/api/v1/" + type, body);
            if (!dry.ok()) {
                problems.add("services." + s.key() + ": " + dry.error());
                continue;
            }
            for (JsonNode pod : dry.body().path("pods")) {
                int count = pod.path("count").asInt();
                cpus += count * pod.path("cpus").asDouble();
                mem += count * pod.path("memMb").asLong();
                parts.addObject().put("what", type + " " + name + ": " + count + " x " + pod.path("type").asText())
                        .put("cpus", count * pod.path("cpus").asDouble()).put("memMb", count * pod.path("memMb").asLong());
            }
        }
        LocalApi.Answer agents = api.get("/api/v1/agents");
        if (!agents.ok()) {
            throw new IOException(agents.error());
        }
        double totalCpus = 0;
        long totalMem = 0;
        double maxCpus = 0;
        long maxMem = 0;
        for (JsonNode a : agents.body()) {
            if (!a.path("active").asBoolean(true)) {
                continue;
            }
            double c = a.path("total").path("cpus").asDouble();
            long m = a.path("total").path("memMb").asLong();
            totalCpus += c;
            totalMem += m;
            if (c >= maxCpus && m >= maxMem) {
                maxCpus = c;
                maxMem = m;
            }
            maxCpus = Math.max(maxCpus, c);
            maxMem = Math.max(maxMem, m);
        }
        for (JobSpec j : spec.jobs().values()) {
            double driverCpus = Double.parseDouble(j.conf().getOrDefault("spark.strata.driver.cpus",
                    j.conf().getOrDefault("spark.driver.cores", "1")));
            long driverMem = j.driverMemoryMb() + Math.max(MIN_OVERHEAD_MB, j.driverMemoryMb() / 10);
            int cores = j.executorCores() != null ? j.executorCores() : 1;
            long heap = j.executorMemoryMb() != null ? j.executorMemoryMb() : 1024;
            long execMem = heap + Math.max(MIN_OVERHEAD_MB, heap / 10);
            if (driverCpus > maxCpus || driverMem > maxMem) {
                problems.add("jobs." + j.key() + ": its driver needs " + fmt(driverCpus) + " cpus and " + driverMem
                        + " MB, more than any agent has (largest: " + fmt(maxCpus) + " cpus, " + maxMem + " MB)");
            }
            if (cores > maxCpus || execMem > maxMem) {
                problems.add("jobs." + j.key() + ": an executor needs " + cores + " cpus and " + execMem
                        + " MB, more than any agent has (largest: " + fmt(maxCpus) + " cpus, " + maxMem + " MB)");
            }
            cpus += driverCpus + (double) j.minExecutors() * cores;
            mem += driverMem + j.minExecutors() * execMem;
            parts.addObject().put("what", "job " + j.key() + ": driver + " + j.minExecutors() + " executor(s)")
                    .put("cpus", driverCpus + (double) j.minExecutors() * cores).put("memMb", driverMem + j.minExecutors() * execMem);
        }
        for (PipelineSpec.SourceSpec s : spec.sources().values()) {
            cpus += settings.sourceCpus();
            mem += settings.sourceMemMb();
            parts.addObject().put("what", "source " + s.key()).put("cpus", settings.sourceCpus())
                    .put("memMb", settings.sourceMemMb());
        }
        plan.put("cpus", cpus).put("memMb", mem).put("clusterCpus", totalCpus).put("clusterMemMb", totalMem);
        if (problems.isEmpty() && (cpus > totalCpus + 1e-9 || mem > totalMem)) {
            problems.add(String.format(Locale.ROOT, "the pipeline needs %s cpus and %,d MB memory at once, but the "
                            + "cluster has %s cpus and %,d MB in all (%d agents); add agents, or lower brokers/nodes/executors",
                    fmt(cpus), mem, fmt(totalCpus), totalMem, agents.body().size()));
        }
        return plan;
    }

    private static String fmt(double cpus) {
        return cpus == Math.rint(cpus) ? Long.toString((long) cpus) : String.format(Locale.ROOT, "%.2f", cpus);
    }

    synchronized Answer status(String name) {
        PipelineRun run = runs.get(name);
        return run == null ? notFound(name) : new Answer(200, PipelineJson.status(run.snapshot()));
    }

    synchronized Answer list() {
        ArrayNode arr = LocalApi.MAPPER.createArrayNode();
        runs.values().forEach(r -> arr.add(PipelineJson.status(r.snapshot())));
        return new Answer(200, arr);
    }

    synchronized Answer stop(String name, boolean keepData) {
        PipelineRun run = runs.get(name);
        if (run == null) {
            return notFound(name);
        }
        run.requestStop(keepData);
        return new Answer(202, LocalApi.MAPPER.createObjectNode().put("name", name)
                .put("state", run.snapshot().state == State.STOPPED ? "STOPPED" : "STOPPING"));
    }

    CompletionStage<Answer> verify(String name) {
        PipelineRun run;
        synchronized (this) {
            run = runs.get(name);
        }
        if (run == null) {
            return CompletableFuture.completedFuture(notFound(name));
        }
        State state = run.snapshot().state;
        if (state == State.STOPPED || state == State.STOPPING) {
            return CompletableFuture.completedFuture(Answer.error(409, "pipeline " + name + " is " + state
                    + "; checks run against a running pipeline"));
        }
        return run.verify().thenApply(n -> new Answer(200, n));
    }

    /** Forgets a stopped pipeline. */
    synchronized Answer forget(String name) {
        PipelineRun run = runs.get(name);
        if (run == null) {
            return notFound(name);
        }
        if (run.snapshot().state != State.STOPPED) {
            return Answer.error(409, "pipeline " + name + " is " + run.snapshot().state + "; stop it first");
        }
        runs.remove(name);
        store.delete(name);
        return new Answer(200, LocalApi.MAPPER.createObjectNode().put("deleted", name));
    }

    private static Answer notFound(String name) {
        return Answer.error(404, "no pipeline named '" + name + "'; see 'strata pipeline list'");
    }

    @Override
    public synchronized void close() {
        runs.values().forEach(PipelineRun::detach);
    }
}
