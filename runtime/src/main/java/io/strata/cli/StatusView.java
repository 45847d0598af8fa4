package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.Table;
import io.strata.resources.TaskState;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/** Renders {@code GET /api/v1/state} for people: master, agents, frameworks, tasks by state. */
final class StatusView {

    private StatusView() {
    }

    static String render(JsonNode state) {
        StringBuilder text = new StringBuilder();
        JsonNode master = state.path("master");
        text.append("Master  ").append(Table.cell(master.has("address") ? master.get("address") : master.path("host")));
        if (master.hasNonNull("leaderSince")) {
            text.append(", leader since ").append(master.get("leaderSince").asText());
        }
        text.append('\n');
        text.append("Offers  ").append(Table.cell(state.path("offers"))).append(" outstanding\n");

        text.append("\nAGENTS\n").append(agents(state.path("agents")));
        text.append("\nFRAMEWORKS\n").append(frameworks(state.path("frameworks")));
        text.append("\nTASKS\n").append(tasksByState(state.path("tasks")));
        return text.toString();
    }

    static String agents(JsonNode agents) {
        Table table = new Table("ID", "HOST", "CPUS", "MEM (MB)", "DISK (MB)", "TASKS");
        for (JsonNode agent : agents) {
            String id = Table.cell(agent.path("id")) + (agent.path("active").asBoolean(true) ? "" : " (inactive)");
            JsonNode used = agent.path("used");
            JsonNode total = agent.path("total");
            table.row(id, Table.cell(agent.path("host")),
                    Table.usage(used, total, "cpus"), Table.usage(used, total, "memMb"), Table.usage(used, total, "diskMb"),
                    Table.cell(agent.path("tasks")));
        }
        return table.isEmpty() ? "(none)\n" : table.render();
    }

    static String frameworks(JsonNode frameworks) {
        Table table = new Table("ID", "NAME", "ROLE", "TASKS");
        for (JsonNode framework : frameworks) {
            String id = Table.cell(framework.path("id")) + (framework.path("active").asBoolean(true) ? "" : " (inactive)");
            table.row(id, Table.cell(framework.path("name")), Table.cell(framework.path("role")),
                    Table.cell(framework.path("tasks")));
        }
        return table.isEmpty() ? "(none)\n" : table.render();
    }

    /** Counts in life-cycle order (PENDING first); states this CLI does not know come last. */
    static String tasksByState(JsonNode tasks) {
        Map<String, Integer> counts = new TreeMap<>(Comparator.comparingInt(StatusView::lifeCycleOrder)
                .thenComparing(Comparator.naturalOrder()));
        for (JsonNode task : tasks) {
            counts.merge(task.path("state").asText("UNKNOWN"), 1, Integer::sum);
        }
        if (counts.isEmpty()) {
            return "(none)\n";
        }
        Table table = new Table("STATE", "COUNT");
        counts.forEach((state, count) -> table.row(state, Integer.toString(count)));
        table.row("total", Integer.toString(tasks.size()));
        return table.render();
    }

    private static int lifeCycleOrder(String state) {
        try {
            return TaskState.valueOf(state).ordinal();
        } catch (IllegalArgumentException unknown) {
            return Integer.MAX_VALUE;
        }
    }
}
