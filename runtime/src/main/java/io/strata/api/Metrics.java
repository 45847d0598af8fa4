package io.strata.api;

import io.strata.protocol.ClusterState;
import io.strata.resources.Resources;
import io.strata.resources.TaskState;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Renders the cluster state in the Prometheus text exposition format. */
final class Metrics {

    private Metrics() {
    }

    static String render(ClusterState s, int pendingTasks) {
        StringBuilder b = new StringBuilder();
        help(b, "strata_agent_cpus", "gauge", "cpus per agent, by kind (total, used, offered)");
        for (ClusterState.AgentView a : s.agents()) {
            agentLine(b, "strata_agent_cpus", a, a.total(), a.used(), a.offered(), r -> r.milliCpus() / 1000.0);
        }
        help(b, "strata_agent_mem_mb", "gauge", "memory per agent in MB, by kind");
        for (ClusterState.AgentView a : s.agents()) {
            agentLine(b, "strata_agent_mem_mb", a, a.total(), a.used(), a.offered(), r -> (double) r.memMb());
        }
        help(b, "strata_agent_disk_mb", "gauge", "disk per agent in MB, by kind");
        for (ClusterState.AgentView a : s.agents()) {
            agentLine(b, "strata_agent_disk_mb", a, a.total(), a.used(), a.offered(), r -> (double) r.diskMb());
        }
        help(b, "strata_agents", "gauge", "registered agents");
        line(b, "strata_agents", "", s.agents().size());
        help(b, "strata_frameworks", "gauge", "registered frameworks");
        line(b, "strata_frameworks", "", s.frameworks().size());
        help(b, "strata_offers_outstanding", "gauge", "offers made and not yet answered");
        line(b, "strata_offers_outstanding", "", s.outstandingOffers());
        Map<TaskState, Integer> byState = new EnumMap<>(TaskState.class);
        for (TaskState st : TaskState.values()) {
            byState.put(st, 0);
        }
        byState.merge(TaskState.PENDING, pendingTasks, Integer::sum);
        s.tasks().forEach(t -> byState.merge(t.status().state(), 1, Integer::sum));
        help(b, "strata_tasks", "gauge", "tasks by state (ended tasks: those the master still remembers)");
        byState.forEach((st, n) -> line(b, "strata_tasks", "state=\"" + st + "\"", n));
        ClusterState.AllocationStats a = s.allocation();
        help(b, "strata_allocation_rounds_total", "counter", "allocation rounds run by this master");
        line(b, "strata_allocation_rounds_total", "", a.rounds());
        help(b, "strata_offers_total", "counter", "offers by outcome");
        line(b, "strata_offers_total", "outcome=\"made\"", a.offersMade());
        line(b, "strata_offers_total", "outcome=\"declined\"", a.offersDeclined());
        line(b, "strata_offers_total", "outcome=\"rescinded\"", a.offersRescinded());
        help(b, "strata_allocation_round_ms", "gauge", "duration of allocation rounds in ms");
        line(b, "strata_allocation_round_ms", "stat=\"last\"", a.lastRoundMillis());
        line(b, "strata_allocation_round_ms", "stat=\"max\"", a.maxRoundMillis());
        line(b, "strata_allocation_round_ms", "stat=\"mean\"", a.rounds() == 0 ? 0 : a.totalRoundMillis() / a.rounds());
        return b.toString();
    }

    private interface Pick {
        double of(Resources r);
    }

    private static void agentLine(StringBuilder b, String metric, ClusterState.AgentView a, Resources total,
                                  Resources used, Resources offered, Pick pick) {
        String agent = "agent=\"" + a.id().value() + "\",host=\"" + a.host() + "\"";
        line(b, metric, agent + ",kind=\"total\"", pick.of(total));
        line(b, metric, agent + ",kind=\"used\"", pick.of(used));
        line(b, metric, agent + ",kind=\"offered\"", pick.of(offered));
    }

    private static void help(StringBuilder b, String metric, String type, String text) {
        b.append("# HELP ").append(metric).append(' ').append(text).append('\n');
        b.append("# TYPE ").append(metric).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder b, String metric, String labels, double value) {
        b.append(metric);
        if (!labels.isEmpty()) {
            b.append('{').append(labels).append('}');
        }
        b.append(' ').append(value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%.6f", value)).append('\n');
    }
}
