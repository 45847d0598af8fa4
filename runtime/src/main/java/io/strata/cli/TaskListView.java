package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.Table;

/** Renders {@code GET /api/v1/tasks} as a table, one task a line, reason last because it is the longest. */
final class TaskListView {

    private TaskListView() {
    }

    static String render(JsonNode tasks) {
        Table table = new Table("ID", "NAME", "FRAMEWORK", "STATE", "AGENT", "PID", "EXIT", "REASON");
        for (JsonNode task : tasks) {
            table.row(Table.cell(task.path("id")), Table.cell(task.path("name")), Table.cell(task.path("framework")),
                    Table.cell(task.path("state")), Table.cell(task.path("agentId")), Table.cell(task.path("pid")),
                    Table.cell(task.path("exitCode")), Table.cell(task.path("reason")));
        }
        return table.isEmpty()
                ? "No tasks. Run one with 'strata task run --cpus 0.5 --mem 64 -- echo hello'.\n"
                : table.render();
    }
}
