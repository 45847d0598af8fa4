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
        groups(b, s);
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

    /**
     * Per group and resource (cpus, mem_mb, disk_mb): what it uses (held by tasks plus on offer),
     * and its guarantee and limit where it has one (absent = none).
     */
    private static void groups(StringBuilder b, ClusterState s) {
        help(b, "strata_group_weight", "gauge", "DRF weight per group");
        for (ClusterState.GroupView g : s.groups()) {
            line(b, "strata_group_weight", "group=\"" + escape(g.name()) + "\"", g.weight());
        }
        help(b, "strata_group_used", "gauge", "resources a group's tasks hold plus those on offer to it");
        for (ClusterState.GroupView g : s.groups()) {
            groupLines(b, "strata_group_used", g, g.used(), true);
        }
        help(b, "strata_group_guarantee", "gauge", "resources a group reaches before others grow past their guarantee");
        for (ClusterState.GroupView g : s.groups()) {
            groupLines(b, "strata_group_guarantee", g, g.guarantee(), false);
        }
        help(b, "strata_group_limit", "gauge", "the most a group may hold plus have on offer");
        for (ClusterState.GroupView g : s.groups()) {
            groupLines(b, "strata_group_limit", g, g.limit(), false);
        }
    }

    private static void groupLines(StringBuilder b, String metric, ClusterState.GroupView g, Resources r,
                                   boolean zeros) {
        String group = "group=\"" + escape(g.name()) + "\"";
        if (zeros || r.milliCpus() > 0) {
            line(b, metric, group + ",resource=\"cpus\"", r.milliCpus() / 1000.0);
        }
        if (zeros || r.memMb() > 0) {
            line(b, metric, group + ",resource=\"mem_mb\"", r.memMb());
        }
        if (zeros || r.diskMb() > 0) {
            line(b, metric, group + ",resource=\"disk_mb\"", r.diskMb());
        }
    }

    /** Prometheus label values escape backslash, double quote and newline. */
    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
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
