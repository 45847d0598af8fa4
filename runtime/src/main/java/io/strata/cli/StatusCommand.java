package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status",
        description = "Show the agents with their total and used resources, the frameworks, and tasks by state.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Option(names = "--json", description = "Print the API's JSON (GET /api/v1/state) instead of tables.")
    boolean json;

    @Override
    public Integer call() {
        ApiClient api = strata.api();
        JsonNode state = api.get("/api/v1/state");
        if (json) {
            strata.out.println(Json.pretty(state));
        } else {
            strata.out.println("API     " + api.base());
            strata.out.print(StatusView.render(state));
        }
        return 0;
    }
}
