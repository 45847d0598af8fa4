package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", description = "List tasks: state, agent, pid while running, exit code once ended, and why.")
final class TaskListCommand implements Callable<Integer> {

    @ParentCommand
    TaskCommand task;

    @Option(names = "--json", description = "Print the API's JSON array (GET /api/v1/tasks) instead of a table.")
    boolean json;

    @Option(names = "--group", paramLabel = "GROUP", description = "Only the tasks of this group.")
    String group;

    @Override
    public Integer call() {
        JsonNode tasks = task.strata.api().get("/api/v1/tasks");
        if (group != null) {
            com.fasterxml.jackson.databind.node.ArrayNode only = Json.MAPPER.createArrayNode();
            tasks.forEach(t -> {
                if (group.equals(t.path("group").asText("default"))) {
                    only.add(t);
                }
            });
            tasks = only;
        }
        task.strata.out.print(json ? Json.pretty(tasks) + "\n" : TaskListView.render(tasks));
        return 0;
    }
}
