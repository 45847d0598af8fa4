package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.ApiError;
import io.strata.cli.spi.TaskStates;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "kill", description = "Kill a task: SIGTERM, then SIGKILL after a grace period.")
final class TaskKillCommand implements Callable<Integer> {

    @ParentCommand
    TaskCommand task;

    @Parameters(paramLabel = "ID", description = "The task's id, as printed by 'strata task run'.")
    String id;

    @Option(names = "--grace", paramLabel = "DURATION", description = "Time between SIGTERM and SIGKILL, such as"
            + " 0s (SIGKILL at once), 500ms or 30s. Default: the master's kill-grace (5s).")
    String grace;
    @Override
    public Integer call() {
        JsonNode killed;
        try {
            killed = task.strata.api().delete("/api/v1/tasks/" + ApiClient.segment(id)
                    + (grace == null ? "" : "?grace=" + ApiClient.segment(grace)));
        } catch (ApiError e) {
            throw e.status() == 404 ? TaskCommand.noSuchTask(id) : e;
        }
        String state = killed.path("state").asText("");
        task.strata.out.println(TaskStates.isTerminal(state) && !state.isEmpty()
                ? "Task " + id + " had already ended (" + state + ")."
                : "Killing task " + id + ".");
        return 0;
    }
}
