package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.pipelines.spec.PipelineSpec;
import io.strata.pipelines.spec.PipelineSpec.JobSpec;
import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Before a pipeline creates anything: can this cluster ever run it? Reads the cluster through the
 * operator API (blocking; the actor calls it off its thread).
 */
final class Preflight {

    private static final long MIN_OVERHEAD_MB = 384;

    /** The demand, part by part, and what cannot fit (empty when everything can). */
    record Result(ObjectNode plan, List<String> problems) {
    }

    private final LocalApi api;
    private final PipelinesSettings settings;

    Preflight(LocalApi api, PipelinesSettings settings) {
        this.api = api;
        this.settings = settings;
    }

    Result check(PipelineSpec spec) throws IOException {
        List<String> problems = new ArrayList<>();
        ObjectNode plan = demand(spec, problems);
        return new Result(plan, List.copyOf(problems));
    }

    /**
     * What the cluster must give the pipeline, checked against what it has: names free (or the
     * existing services there), each service fitting (the frameworks' own dry run), each Spark JVM
     * fitting some agent, and everything at once fitting the cluster's total. Returns the demand,
     * part by part; what cannot fit goes to {@code problems}.
     */
    private ObjectNode demand(PipelineSpec spec, List<String> problems) throws IOException {
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
        double[] apps = apps(spec, parts, problems);
        cpus += apps[0];
        mem += (long) apps[1];
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
            // Spark's task slots (cores) and the cpus Strata gives an executor differ when the file says so.
            double execCpus = Double.parseDouble(j.conf().getOrDefault("spark.strata.executor.cpus",
                    Integer.toString(cores)));
            long heap = j.executorMemoryMb() != null ? j.executorMemoryMb() : 1024;
            long execMem = heap + Math.max(MIN_OVERHEAD_MB, heap / 10);
            if (driverCpus > maxCpus || driverMem > maxMem) {
                problems.add("jobs." + j.key() + ": its driver needs " + fmt(driverCpus) + " cpus and " + driverMem
                        + " MB, more than any agent has (largest: " + fmt(maxCpus) + " cpus, " + maxMem + " MB)");
            }
            if (execCpus > maxCpus || execMem > maxMem) {
                problems.add("jobs." + j.key() + ": an executor needs " + fmt(execCpus) + " cpus and " + execMem
                        + " MB, more than any agent has (largest: " + fmt(maxCpus) + " cpus, " + maxMem + " MB)");
            }
            double oneAgentCpus = driverCpus + j.minExecutors() * execCpus;
            long oneAgentMem = driverMem + j.minExecutors() * execMem;
            if (j.kind() == PipelineSpec.JobKind.STREAMING && (oneAgentCpus > maxCpus || oneAgentMem > maxMem)) {
                problems.add("jobs." + j.key() + ": a streaming job's driver and its " + j.minExecutors()
                        + " executor(s) run on one agent, beside the checkpoint volume, and need " + fmt(oneAgentCpus)
                        + " cpus and " + oneAgentMem + " MB together, more than any agent has (largest: "
                        + fmt(maxCpus) + " cpus, " + maxMem + " MB); lower executors or executorCores, or add a bigger agent");
            }
            cpus += driverCpus + j.minExecutors() * execCpus;
            mem += driverMem + j.minExecutors() * execMem;
            parts.addObject().put("what", "job " + j.key() + ": driver + " + j.minExecutors() + " executor(s)")
                    .put("cpus", driverCpus + j.minExecutors() * execCpus).put("memMb", driverMem + j.minExecutors() * execMem);
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

    /**
     * The apps' names free (an mqtt or http source is an app too) and what the file's apps ask for:
     * instances × (cpus, mem) as the apps framework reads their definitions. Returns {cpus, memMb}.
     */
    private double[] apps(PipelineSpec spec, ArrayNode parts, List<String> problems) throws IOException {
        double cpus = 0;
        long mem = 0;
        List<String> keys = new ArrayList<>(spec.apps().keySet());
        spec.sources().values().stream().filter(PipelineSpec.SourceSpec::endpoint).forEach(s -> keys.add(s.key()));
        for (String key : keys) {
            String name = spec.name() + "-" + key;
            String field = (spec.apps().containsKey(key) ? "apps." : "sources.") + key;
            if (api.get("/api/v1/apps/" + LocalApi.segment(name)).ok()) {
                problems.add(field + ": an app named " + name + " already exists; delete it ('strata app delete "
                        + name + "') or rename the pipeline");
            }
            PipelineSpec.AppSpec app = spec.apps().get(key);
            if (app == null) {
                continue;
            }
            java.util.Map<String, Object> definition = new java.util.LinkedHashMap<>(app.definition());
            definition.put("name", name);
            try {
                io.strata.apps.AppDefinition d = io.strata.apps.AppFile.parse(field,
                        LocalApi.MAPPER.writeValueAsString(definition));
                cpus += d.instances() * d.cpus();
                mem += d.instances() * d.memMb();
                parts.addObject().put("what", "app " + name + ": " + d.instances() + " x instance")
                        .put("cpus", d.instances() * d.cpus()).put("memMb", d.instances() * d.memMb());
            } catch (io.strata.apps.AppFileException e) {
                problems.add(field + ": " + e.getMessage());
            }
        }
        return new double[]{cpus, mem};
    }

    private static String fmt(double cpus) {
        return cpus == Math.rint(cpus) ? Long.toString((long) cpus) : String.format(Locale.ROOT, "%.2f", cpus);
    }
}
